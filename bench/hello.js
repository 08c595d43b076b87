// The hello-world module every peer runs in `make bench` (deno serve takes the same file).
export default {
  fetch() {
    return new Response("Hello, World!");
  },
};
