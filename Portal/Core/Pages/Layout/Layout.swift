import Wire

/// The frame of every page: `<html lang>`, one `<h1>`, the language switch, the
/// ⋮ menu when signed in (a `<details>`, so it opens without script), the
/// one-time message, and the fund's support footer.
enum Layout {
    static func page(
        _ c: Context, title: String, heading: String? = nil, wide: Bool = false, status: Int = 200,
        _ content: HTML
    ) -> HTTPResponse {
        let flash = c.state.flash.map { key -> HTML in "<p class=\"flash\" role=\"status\">\(c.t(key))</p>" } ?? .empty
        c.state.flash = nil
        let html: HTML = """
            <!DOCTYPE html>
            <html lang="\(c.lang.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) – connect</title>
            <link rel="stylesheet" href="\(c.app.statics.cssURL)">
            <script src="\(c.app.statics.jsURL)" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">\(c.t("skip"))</a>
            <header class="bar">
            <a class="brand" href="/">\(logo(c))connect</a>
            \(mandantSwitch(c, status: status))
            \(languageSwitch(c))
            \(menu(c))
            </header>
            <main id="main" class="\(wide ? "wide" : "narrow")">
            <h1>\(heading ?? title)</h1>
            \(flash)
            \(content)
            </main>
            <footer class="support">\(c.app.settings.fundName)\(c.app.settings.supportLine.isEmpty ? "" : " · " + c.app.settings.supportLine)</footer>
            </body>
            </html>
            """
        return .html(html.text, status: status)
    }

    /// A data table scrolls sideways in its own box on a narrow screen (WCAG 1.4.10 lets
    /// tables do so); the page itself never scrolls sideways.
    static func scrollable(_ table: HTML) -> HTML { "<div class=\"table-scroll\">\(table)</div>" }

    /// The fund's logo before the product's name; its name as the image's text.
    static func logo(_ c: Context) -> HTML {
        guard let url = c.app.statics.logoURL else { return .empty }
        return "<img src=\"\(url)\" alt=\"\(c.app.settings.fundName)\"> "
    }

    static func csrf(_ c: Context) -> HTML { "<input type=\"hidden\" name=\"csrf\" value=\"\(c.csrfToken)\">" }

    static func languageSwitch(_ c: Context) -> HTML {
        let names: [(Language, String)] = [(.fr, "Français"), (.de, "Deutsch"), (.it, "Italiano"), (.en, "English")]
        let buttons = names.map { lang, name -> HTML in
            let current = lang == c.lang
            return
                "<button type=\"submit\" name=\"lang\" value=\"\(lang.rawValue)\" lang=\"\(lang.rawValue)\"\(HTML(raw: current ? " aria-pressed=\"true\"" : ""))>\(name)</button>"
        }
        return """
            <form class="langs" method="post" action="/language" aria-label="\(c.t("lang.switch"))">\(csrf(c))<input type="hidden" name="back" value="\(c.backPath)">\(buttons)</form>
            """
    }

    /// The mandant switch in the header, for people who act for several employers
    /// (a fiduciary's daily work): one select and `Changer`, posted to `/mandants/switch`.
    static func mandantSwitch(_ c: Context, status: Int) -> HTML {
        guard c.session != nil, status < 500, (c.state.mandantCount ?? 2) > 1 else { return .empty }
        if c.cachedMe == nil {
            // Pages that did not need the list yet; the page already speaks its language.
            let lang = c.lang
            _ = try? c.me()
            c.lang = lang
        }
        guard let me = c.cachedMe, me.mandants.count > 1 else { return .empty }
        let options = me.mandants.map { m -> HTML in
            let name = m.alias.flatMap { $0.isEmpty ? nil : $0 } ?? m.name
            return
                "<option value=\"\(m.number)\"\(HTML(raw: m.number == c.state.mandant ? " selected" : ""))>\(m.number) – \(name)</option>"
        }
        let none: HTML = c.state.mandant == nil ? "<option value=\"\" selected disabled>–</option>" : .empty
        return """
            <form class="mandant-switch" method="post" action="/mandants/switch">\(csrf(c))<input type="hidden" name="back" value="\(c.backPath)">
            <label for="mandant-switch">\(c.t("mandants.switchLabel"))</label>
            <select id="mandant-switch" name="mandant">\(none)\(options)</select>
            \(Field.button(c.t("mandants.switch")))
            </form>
            """
    }

    /// A connect administrator of the current mandant (as `admin.me` last said; admin decides again on every call).
    static func isAdmin(_ c: Context) -> Bool {
        guard let n = c.state.mandant else { return false }
        return c.cachedMe.map { me in me.mandants.contains { $0.number == n && $0.admin } } ?? (c.state.isAdmin == true)
    }

    static func menu(_ c: Context) -> HTML {
        guard c.session != nil else { return .empty }
        let entries: [(String, String)] =
            [
                ("/profile", "menu.profile"), ("/mandants", "menu.mandants"), ("/users", "menu.users"),
                ("/settings", "menu.settings"), ("/delegations", "menu.delegation"),
            ]
            + (isAdmin(c) ? [("/audit", "menu.audit")] : [])
        let links = entries.map { path, key -> HTML in "<li><a href=\"\(path)\">\(c.t(key))</a></li>" }
        return """
            <details class="menu">
            <summary aria-label="\(c.t("menu.open"))"><span aria-hidden="true">⋮</span></summary>
            <div class="menu-panel">
            <p class="who"><strong>\(c.state.displayName ?? "")</strong><br>\(c.state.email ?? "")</p>
            <ul>\(links)
            <li><form method="post" action="/logout">\(csrf(c))<button type="submit" class="link">\(c.t("btn.logout"))</button></form></li>
            </ul>
            </div>
            </details>
            """
    }
}

/// Form pieces: every field has a `<label for>` with the guide's word (the
/// required star comes from CSS), and its error in `<id>-error`, tied by
/// `aria-describedby`.
struct FieldErrors {
    var byField: [String: String] = [:]
    var general: String?

    init() {}
    init(_ r: Refusal, fields: Set<String>, fallback: String? = nil) {
        if let f = r.field, fields.contains(f) {
            byField[f] = r.message
        } else if let fallback {
            byField[fallback] = r.message
        } else {
            general = r.message
        }
    }

    var isEmpty: Bool { byField.isEmpty && general == nil }

    func banner() -> HTML {
        guard let general else { return .empty }
        return "<p class=\"error banner\" id=\"form-error\" role=\"alert\">\(general)</p>"
    }
}

enum Field {
    struct Spec {
        var id: String
        var label: String
        var value: String = ""
        var type: String = "text"
        var required = false
        var autocomplete: String?
        var hint: String?
        var extra: String = ""
    }

    static func input(_ s: Spec, _ errors: FieldErrors) -> HTML {
        let error = errors.byField[s.id]
        var attrs = ""
        if s.required { attrs += " required" }
        if let a = s.autocomplete { attrs += " autocomplete=\"\(HTML.escape(a))\"" }
        attrs += described(s.id, hint: s.hint != nil, error: error != nil)
        attrs += s.extra
        let value: HTML = s.type == "password" ? .empty : " value=\"\(s.value)\""
        return """
            <div class="field">
            <label for="\(s.id)"\(HTML(raw: s.required ? " class=\"req\"" : ""))>\(s.label)</label>
            <input id="\(s.id)" name="\(s.id)" type="\(s.type)"\(value)\(HTML(raw: attrs))>
            \(hint(s.id, s.hint))\(errorLine(s.id, error))
            </div>
            """
    }

    /// Ties a control to its hint and its error (`<id>-hint`, `<id>-error`), and marks it
    /// invalid while its error is shown: every field helper writes its attributes here.
    static func described(_ id: String, hint: Bool, error: Bool, errorId: String? = nil) -> String {
        var ids: [String] = []
        if hint { ids.append("\(id)-hint") }
        if error { ids.append(errorId ?? "\(id)-error") }
        guard !ids.isEmpty else { return "" }
        return " aria-describedby=\"\(HTML.escape(ids.joined(separator: " ")))\""
            + (error ? " aria-invalid=\"true\"" : "")
    }

    static func hint(_ id: String, _ text: String?) -> HTML {
        guard let text else { return .empty }
        return "<p class=\"hint\" id=\"\(id)-hint\">\(text)</p>"
    }

    static func errorLine(_ id: String, _ message: String?) -> HTML {
        guard let message else { return .empty }
        return "<p class=\"error\" id=\"\(id)-error\" role=\"alert\">\(message)</p>"
    }

    static func checkbox(
        id: String, name: String? = nil, value: String = "1", label: String, checked: Bool,
        _ errors: FieldErrors, hint: String? = nil
    ) -> HTML {
        let error = errors.byField[id]
        let attrs = (checked ? " checked" : "") + described(id, hint: hint != nil, error: error != nil)
        return """
            <div class="field check">
            <input type="checkbox" id="\(id)" name="\(name ?? id)" value="\(value)"\(HTML(raw: attrs))>
            <label for="\(id)">\(label)</label>
            \(Field.hint(id, hint))\(errorLine(id, error))
            </div>
            """
    }

    static func languageSelect(_ c: Context, id: String = "language", selected: Language, _ errors: FieldErrors) -> HTML
    {
        let options = Language.allCases.map { l -> HTML in
            "<option value=\"\(l.rawValue)\"\(HTML(raw: l == selected ? " selected" : ""))>\(c.t("language.\(l.rawValue)"))</option>"
        }
        return """
            <div class="field">
            <label for="\(id)" class="req">\(c.t("field.language"))</label>
            <select id="\(id)" name="\(id)" required\(HTML(raw: described(id, hint: false, error: errors.byField[id] != nil)))>\(options)</select>
            \(errorLine(id, errors.byField[id]))
            </div>
            """
    }

    /// Read-only value shown as a definition (e.g. the e-mail on step 4).
    static func shown(_ label: String, _ value: String) -> HTML {
        "<div class=\"field shown\"><span class=\"label\">\(label)</span><span class=\"value\">\(value)</span></div>"
    }

    /// The action Enter takes in a form whose visible buttons start with another
    /// one (Annuler): the first submit button of a form is its default. Named for
    /// assistive technology only (no text), out of the tab order.
    static func defaultAction(name: String, value: String, label: String) -> HTML {
        "<button type=\"submit\" name=\"\(name)\" value=\"\(value)\" class=\"default-action\" tabindex=\"-1\" aria-label=\"\(label)\"></button>"
    }

    static func button(
        _ text: String, name: String? = nil, value: String? = nil, primary: Bool = false,
        formaction: String? = nil, formmethod: String? = nil, extra: String = ""
    ) -> HTML {
        var a = ""
        if let name { a += " name=\"\(HTML.escape(name))\"" }
        if let value { a += " value=\"\(HTML.escape(value))\"" }
        if let formaction { a += " formaction=\"\(HTML.escape(formaction))\"" }
        if let formmethod { a += " formmethod=\"\(HTML.escape(formmethod))\" formnovalidate" }
        a += extra
        return "<button type=\"submit\"\(HTML(raw: a)) class=\"\(primary ? "primary" : "secondary")\">\(text)</button>"
    }
}
