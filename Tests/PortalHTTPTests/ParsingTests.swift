import PortalHTTP
import Testing

@Suite("Request parsing")
struct ParsingTests {
    @Test(arguments: [
        ("a=1&b=2", [("a", "1"), ("b", "2")]),
        ("q=caf%C3%A9+noir", [("q", "café noir")]),
        ("flag&x=", [("flag", ""), ("x", "")]),
        ("a%3Db=c%26d", [("a=b", "c&d")]),
    ])
    func parsesPairs(input: String, expected: [(String, String)]) throws {
        let pairs = try URLEncoding.parsePairs(Substring(input))
        #expect(pairs.map(\.0) == expected.map(\.0))
        #expect(pairs.map(\.1) == expected.map(\.1))
    }

    @Test(arguments: ["%", "%4", "%g0", "%FF", "a=%C3"])
    func refusesMalformedEscapes(input: String) {
        #expect(throws: HTTPError.self) { try URLEncoding.parsePairs(Substring(input)) }
    }

    @Test func encodeRoundTrips() throws {
        let text = "Zürich / db-east & \"payroll\" 100%"
        #expect(try URLEncoding.decode(Substring(URLEncoding.encode(text)), plusIsSpace: false) == text)
    }

    @Test func cookiesParse() {
        let cookies = Cookies.parse("a=1; forewarn_session=abc; quoted=\"x y\"")
        #expect(cookies["forewarn_session"] == "abc")
        #expect(cookies["quoted"] == "x y")
        #expect(Cookies.setCookie(name: "s", value: "v") == "s=v; Path=/; HttpOnly; SameSite=Lax")
    }

    /// The byte scan that finds one cookie gives what the full parse gives, for names that are prefixes of others,
    /// quoted and empty values, spaces and tabs, duplicates (the first wins) and missing names.
    @Test func oneCookieIsFoundAsTheFullParseFindsIt() {
        let headers = ["a=1; forewarn_session=abc; quoted=\"x y\"", "forewarn_csrf_x=1; forewarn_csrf=tok", " \tforewarn_csrf = no; forewarn_csrf=yes ",
                       "forewarn_csrf=; forewarn_flash=hi", "forewarn_csrf=\"\"", "x=1;;forewarn_csrf=2;forewarn_csrf=3", "", ";", "forewarn_csrf",
                       "forewarn_csrfX=1", "é=ü; forewarn_csrf=ä"]
        for header in headers {
            let all = Cookies.parse(header)
            for name in ["forewarn_csrf", "forewarn_session", "forewarn_flash", "quoted", "a", "x", "é", "missing"] {
                #expect(Cookies.value(named: name, in: header) == all[name], "\(name) in \(header)")
            }
        }
        #expect(Cookies.value(named: "forewarn_csrf", in: "forewarn_csrf_x=1; forewarn_csrf=tok") == "tok")
        #expect(Cookies.value(named: "quoted", in: "quoted=\"x y\"") == "x y")
    }

    @Test func requestSplitsPathAndQuery() throws {
        let request = try Request(method: "GET", rawTarget: "/servers/db%201?page=2&q=a%2Bb", headers: [("Content-Type", "text/plain")])
        #expect(request.path == "/servers/db 1")
        #expect(request.queryValue("page") == "2")
        #expect(request.queryValue("q") == "a+b")
        #expect(request.header("content-type") == "text/plain")
    }

    @Test func routerPrefersFirstMatchAndReports405() {
        var router = Router<String>()
        router.get("/downtimes/new", "new")
        router.get("/downtimes/:id", "show")
        router.post("/downtimes", "create")
        if case .success(let (handler, _)) = router.match(method: "GET", path: "/downtimes/new") { #expect(handler == "new") } else { Issue.record("no match") }
        if case .success(let (handler, parameters)) = router.match(method: "GET", path: "/downtimes/42") {
            #expect(handler == "show")
            #expect(parameters["id"] == "42")
        } else { Issue.record("no match") }
        if case .failure(let error) = router.match(method: "GET", path: "/downtimes") {
            #expect(error.status == 405)
            #expect(error.headers["Allow"] == "POST")
        } else { Issue.record("expected 405") }
        if case .failure(let error) = router.match(method: "GET", path: "/nope/x/y") { #expect(error.status == 404) } else { Issue.record("expected 404") }
        // Routes are tried by their number of segments: the root, and a later route of one length after others.
        router.get("/", "home")
        router.get("/:page", "page")
        if case .success(let (handler, _)) = router.match(method: "GET", path: "/") { #expect(handler == "home") } else { Issue.record("no match") }
        if case .success(let (handler, parameters)) = router.match(method: "GET", path: "/about") {
            #expect(handler == "page" && parameters["page"] == "about")
        } else { Issue.record("no match") }
        if case .success(let (handler, _)) = router.match(method: "HEAD", path: "/downtimes/new") { #expect(handler == "new") } else { Issue.record("no match") }
    }
}

@Suite("Header names")
struct HeaderNameTests {
    @Test(arguments: [("Content-Type", "content-type", true), ("ETAG", "etag", true), ("X-A", "X-B", false), ("ab", "abc", false), ("a-b", "a_b", false), ("[", "{", false)])
    func caseInsensitiveComparison(a: String, b: String, equal: Bool) {
        #expect(ASCII.equalsIgnoringCase(a, b) == equal)
    }
}
