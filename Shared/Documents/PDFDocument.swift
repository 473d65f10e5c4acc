import CPangoCairo
import Foundation

/// A PDF being drawn: cairo's PDF surface, text shaped and broken into lines by pango
/// in DejaVu Sans (Debian's fonts-dejavu-core: Latin Extended, Greek, Cyrillic,
/// Vietnamese), embedded as subsets, so every name prints as written and stays
/// selectable. Coordinates are points from the page's TOP-LEFT corner, y downwards;
/// text is placed by the top of its first line.
///
/// Cairo and pango objects are not thread-safe: each document owns its surface, its
/// font map and its layout, and is used by one thread from `init` to `finish()`.
public final class PDFDocument {
    public enum PageSize: Sendable {
        case a4Portrait, a4Landscape
        public var width: Double { self == .a4Portrait ? 595.28 : 841.89 }
        public var height: Double { self == .a4Portrait ? 841.89 : 595.28 }
    }

    public struct Style: Sendable, Hashable {
        public var size: Double
        public var bold: Bool
        public init(size: Double, bold: Bool = false) {
            self.size = size
            self.bold = bold
        }
        public static func regular(_ size: Double) -> Style { Style(size: size) }
        public static func bold(_ size: Double) -> Style { Style(size: size, bold: true) }
    }

    public enum Alignment: Sendable { case left, center, right }

    /// The family every document uses; fontconfig finds it in fonts-dejavu-core.
    public static let fontFamily = "DejaVu Sans"

    public let page: PageSize
    public private(set) var pageCount = 1
    private let sink = PDFSink()
    private let surface: OpaquePointer
    private let cairo: OpaquePointer
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let context: OpaquePointer
    private let layout: OpaquePointer
    private var fonts: [Style: OpaquePointer] = [:]
    private var finished = false

    public init(page: PageSize, title: String? = nil, author: String? = nil, created: Date? = nil) {
        self.page = page
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<PDFSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        surface = cairo_pdf_surface_create_for_stream(
            write, Unmanaged.passUnretained(sink).toOpaque(),
            page.width, page.height)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "connect")
        if let title { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, DocumentText.clean(title)) }
        if let author { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, DocumentText.clean(author)) }
        if let created {
            let stamp = PDFDocument.isoDate(created)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, stamp)
        }
        cairo = cairo_create(surface)
        // A font map of its own: nothing shared with a document on another thread.
        fontMap = pango_cairo_font_map_new()
        context = pango_font_map_create_context(fontMap)
        // Points as layout units (pango's default is 96 dpi), unrounded positions,
        // no hinting: metrics as the font defines them, not snapped to a pixel grid.
        pango_cairo_context_set_resolution(context, 72)
        pango_context_set_round_glyph_positions(context, 0)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        layout = PDFDocument.newLayout(context)
    }

    private static func newLayout(_ context: OpaquePointer) -> OpaquePointer {
        let layout = pango_layout_new(context)!
        // A name is printed as written: no hyphen added where a line breaks inside a word.
        let attributes = pango_attr_list_new()
        pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(0))
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        // Left-to-right paragraphs whatever the first letter: a right-to-left name is
        // ordered within its line but does not flip the cell's alignment.
        pango_layout_set_auto_dir(layout, 0)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        return layout
    }

    deinit {
        if !finished { cairo_surface_finish(surface) }
        g_object_unref(UnsafeMutableRawPointer(layout))
        g_object_unref(UnsafeMutableRawPointer(context))
        for font in fonts.values { pango_font_description_free(font) }
        g_object_unref(fontMap)
        cairo_destroy(cairo)
        cairo_surface_destroy(surface)
    }

    /// Ends the current page and starts the next one.
    public func newPage() {
        cairo_show_page(cairo)
        pageCount += 1
    }

    /// Draws `text` with its first line's top at (x, y), broken into lines no wider than
    /// `width` (nil: only at line feeds); `maxLines` ends the last kept line with "…".
    /// Returns the height drawn.
    @discardableResult
    public func text(
        _ text: String, x: Double, y: Double, width: Double? = nil, style: Style,
        align: Alignment = .left, maxLines: Int? = nil
    ) -> Double {
        let height = prepare(text, width: width, style: style, align: align, maxLines: maxLines).height
        cairo_set_source_rgb(cairo, 0, 0, 0)
        cairo_move_to(cairo, x, y)
        pango_cairo_show_layout(cairo, layout)
        return height
    }

    /// `text` laid out once, to be drawn any number of times (a table's repeated cells).
    public final class Block {
        fileprivate let layout: OpaquePointer
        public let width: Double
        public let height: Double
        fileprivate init(_ layout: OpaquePointer, width: Double, height: Double) {
            self.layout = layout
            self.width = width
            self.height = height
        }
        deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }
    }

    public func block(
        _ text: String, width: Double? = nil, style: Style, align: Alignment = .left,
        maxLines: Int? = nil
    ) -> Block {
        // A layout of its own, which keeps its lines (a copy would lay the text out again).
        let own = PDFDocument.newLayout(context)
        let size = prepare(text, width: width, style: style, align: align, maxLines: maxLines, on: own)
        return Block(own, width: size.width, height: size.height)
    }

    public func draw(_ block: Block, x: Double, y: Double) {
        cairo_set_source_rgb(cairo, 0, 0, 0)
        cairo_move_to(cairo, x, y)
        pango_cairo_show_layout(cairo, block.layout)
    }

    /// The size `text` would take, laid out as `text(…)` would lay it out.
    public func measure(_ text: String, width: Double? = nil, style: Style, maxLines: Int? = nil)
        -> (width: Double, height: Double)
    {
        prepare(text, width: width, style: style, align: .left, maxLines: maxLines)
    }

    public func line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double = 0.5, gray: Double = 0) {
        cairo_set_source_rgb(cairo, gray, gray, gray)
        cairo_set_line_width(cairo, width)
        cairo_move_to(cairo, x1, y1)
        cairo_line_to(cairo, x2, y2)
        cairo_stroke(cairo)
    }

    /// A rectangle from its top-left corner; `fillGray` 0 = black … 1 = white, nil: not
    /// filled; `strokeWidth` nil: no outline.
    public func rect(
        x: Double, y: Double, width: Double, height: Double, fillGray: Double? = nil,
        strokeWidth: Double? = 0.5
    ) {
        cairo_rectangle(cairo, x, y, width, height)
        if let gray = fillGray {
            cairo_set_source_rgb(cairo, gray, gray, gray)
            if strokeWidth == nil { cairo_fill(cairo) } else { cairo_fill_preserve(cairo) }
        }
        if let stroke = strokeWidth {
            cairo_set_source_rgb(cairo, 0, 0, 0)
            cairo_set_line_width(cairo, stroke)
            cairo_stroke(cairo)
        }
        cairo_new_path(cairo)
    }

    /// A grid of square modules (a QR code's), the `true` ones filled black, the top-left
    /// module at (x, y). One path filled once: neighbouring modules meet without the
    /// hairline seams anti-aliasing leaves between squares filled one by one.
    public func fillModules(_ rows: [[Bool]], x: Double, y: Double, module: Double) {
        for (r, row) in rows.enumerated() {
            var c = 0
            while c < row.count {
                guard row[c] else {
                    c += 1
                    continue
                }
                let start = c
                while c < row.count && row[c] { c += 1 }
                cairo_rectangle(
                    cairo, x + Double(start) * module, y + Double(r) * module, Double(c - start) * module, module)
            }
        }
        cairo_set_source_rgb(cairo, 0, 0, 0)
        cairo_set_fill_rule(cairo, CAIRO_FILL_RULE_WINDING)
        cairo_fill(cairo)
    }

    /// The whole file (fonts subset and embedded now). The document takes no more drawing.
    public func finish() throws -> Data {
        precondition(!finished, "finish() twice")
        finished = true
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw DocumentError("PDF: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.data
    }

    // MARK: - Layout

    private func prepare(
        _ text: String, width: Double?, style: Style, align: Alignment, maxLines: Int?,
        on layout: OpaquePointer? = nil
    ) -> (width: Double, height: Double) {
        let layout = layout ?? self.layout
        pango_layout_set_font_description(layout, font(style))
        pango_layout_set_width(layout, width.map { Int32(max($0, 1) * Double(PANGO_SCALE)) } ?? -1)
        pango_layout_set_height(layout, -1)
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE)
        switch align {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_text(layout, DocumentText.clean(text), -1)
        // Ellipsizing costs a second layout: only for the rare text that is too long.
        if let maxLines, pango_layout_get_line_count(layout) > Int32(max(maxLines, 1)) {
            pango_layout_set_height(layout, -Int32(max(maxLines, 1)))
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        }
        var w: Int32 = 0
        var h: Int32 = 0
        pango_layout_get_size(layout, &w, &h)
        return (Double(w) / Double(PANGO_SCALE), Double(h) / Double(PANGO_SCALE))
    }

    private func font(_ style: Style) -> OpaquePointer {
        if let font = fonts[style] { return font }
        let font = pango_font_description_new()!
        pango_font_description_set_family(font, PDFDocument.fontFamily)
        pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_size(font, Int32(style.size * Double(PANGO_SCALE)))
        fonts[style] = font
        return font
    }

    /// cairo's metadata date: ISO 8601 in UTC.
    static func isoDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 1970, c.month ?? 1, c.day ?? 1,
            c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}

/// Where cairo's stream callback appends the file's bytes.
private final class PDFSink {
    var data = Data()
}
