// The example worker `make run` serves. ES-module syntax; `env` holds the worker's vars and secrets.
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/json") {
      return Response.json({ hello: env.NAME ?? "world", method: request.method, path: url.pathname });
    }
    return new Response(`Hello, ${env.NAME ?? "World"}!\n`, {
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });
  },
};
