import Testing
import URLStandard

/// Behaviour the WPT data does not pin down: the record model, the href setter, form encoding.
struct URLRecordTests {
    @Test func recordModel() throws {
        let url = try #require(URLParser.parse("https://user:pa%20ss@[::1]:8443/a/b?q=1#frag"))
        #expect(url.scheme == "https")
        #expect(url.isSpecial)
        #expect(url.hostValue == .ipv6([0, 0, 0, 0, 0, 0, 0, 1]))
        #expect(url.portNumber == 8443)
        #expect(url.path == .list(["a", "b"]))
        #expect(url.query == "q=1")
        #expect(url.fragment == "frag")
        #expect(url.includesCredentials)
        #expect(url.hrefExcludingFragment == "https://user:pa%20ss@[::1]:8443/a/b?q=1")

        let v4 = try #require(URLParser.parse("http://0x7f.1/"))
        #expect(v4.hostValue == .ipv4(0x7F00_0001))
        #expect(v4.hostname == "127.0.0.1")

        let opaque = try #require(URLParser.parse("mailto:someone@example.com?subject=hi"))
        #expect(opaque.hostValue == nil)
        #expect(opaque.path == .opaque("someone@example.com"))
        #expect(opaque.hasOpaquePath)

        let empty = try #require(URLParser.parse("http://h/?#"))
        #expect(empty.query == "")
        #expect(empty.fragment == "")
        #expect(empty.search == "")
        #expect(empty.hash == "")
        #expect(try #require(URLParser.parse("file:///x")).hostValue == .empty)
        #expect(try #require(URLParser.parse("sc://ho%73t/")).hostValue == .opaque("ho%73t"))
        #expect(try #require(URLParser.parse("http://EXAMPLE.com")).hostValue == .domain("example.com"))
    }

    @Test func hrefSetter() throws {
        var url = try #require(URLParser.parse("http://a/"))
        #expect(url.set(.href, "https://b/c") == true)
        #expect(url.href == "https://b/c")
        #expect(url.set(.href, "not a url") == false)
        #expect(url.href == "https://b/c")
        #expect(url.set(.pathname, "/d e") == true)
        #expect(url.href == "https://b/d%20e")
    }

    @Test func setterSequenceKeepsLayoutConsistent() throws {
        var url = try #require(URLParser.parse("http://example.com/"))
        url.set(.username, "u")
        url.set(.password, "p")
        url.set(.port, "8080")
        url.set(.search, "a=b")
        url.set(.hash, "h")
        url.set(.hostname, "xn--nxasmq6b.com")
        #expect(url.href == "http://u:p@xn--nxasmq6b.com:8080/?a=b#h")
        #expect(URLParser.parse(url.href) == url)
        url.set(.protocol_, "https")
        url.set(.password, "")
        url.set(.search, "")
        #expect(url.href == "https://u@xn--nxasmq6b.com:8080/#h")
        #expect(url.port == "8080")
        #expect(url.username == "u")
        #expect(url.password == "")
    }

    @Test func formURLEncoded() {
        let pairs = URLParser.parseFormURLEncoded("a=1&b=x+y&&c&d=%41%zz&=e&%E2%82%AC=%FF")
        #expect(pairs.map { $0.0 } == ["a", "b", "c", "d", "", "€"])
        #expect(pairs.map { $0.1 } == ["1", "x y", "", "A%zz", "e", "\u{FFFD}"])
        #expect(URLParser.serializeFormURLEncoded([("a b", "c&d=e"), ("€", "*-._~!")]) == "a+b=c%26d%3De&%E2%82%AC=*-._%7E%21")
        #expect(URLParser.formURLEncode("x y+z") == "x+y%2Bz")
    }

    @Test func domainToASCII() {
        #expect(URLParser.domainToASCII("EXAMPLE.com") == "example.com")
        #expect(URLParser.domainToASCII("Bücher.example") == "xn--bcher-kva.example")
        #expect(URLParser.domainToASCII("0x7f.1") == "127.0.0.1")
        #expect(URLParser.domainToASCII("a b") == nil)
        #expect(URLParser.domainToASCII("") == nil)
    }
}
