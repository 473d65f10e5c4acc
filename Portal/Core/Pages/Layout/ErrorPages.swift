/// Clear 4xx/5xx pages in the page's language, with a way back.
enum ErrorPages {
    static func page(_ c: Context, status: Int, message: String? = nil, values: [String: String] = [:]) -> HTTPResponse
    {
        let key = "error.\(status)"
        let text = message ?? (Texts.all[key] != nil ? c.t(key, values) : c.t("error.title"))
        return Layout.page(
            c, title: "\(c.t("error.title")) \(status)", status: status,
            """
            <p class="error banner" role="alert">\(text)</p>
            <p><a href="/">\(c.t("error.back"))</a></p>
            """)
    }

    /// The body was over the cap: answered before any page runs (no context yet).
    static func tooLarge(_ request: HTTPRequest) -> HTTPResponse {
        let lang = LanguageChoice.choose(chosen: nil, acceptLanguage: request.header("accept-language"))
        let text = Texts.get("error.413", lang)
        var r = HTTPResponse.html(
            """
            <!DOCTYPE html><html lang="\(lang.rawValue)"><head><meta charset="utf-8"><title>413</title></head>
            <body><main><h1>413</h1><p>\(HTML.escape(text))</p><p><a href="/">\(HTML.escape(Texts.get("error.back", lang)))</a></p></main></body></html>
            """, status: 413)
        r.setHeader("Connection", "close")
        r.setHeader("Content-Security-Policy", WebPolicy.contentSecurityPolicy)
        r.setHeader("X-Content-Type-Options", "nosniff")
        r.setHeader("Referrer-Policy", "no-referrer")
        r.setHeader("Cache-Control", "no-store")
        return r
    }
}
