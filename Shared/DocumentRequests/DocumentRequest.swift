import FoundationEssentials

/// A document to render, as data: what notifier and admin hand to the
/// `connect-documents` helper (`DocumentRenderer`), which alone links cairo, pango and
/// libxlsxwriter. The services then map none of those libraries (nor their fonts)
/// until the first letter or export, and give the renderer's memory back after each.
public enum DocumentRequest: Codable, Sendable {
    /// A paginated table on A4 landscape (`PDFTableReport`).
    case table(TableReport)
    /// A workbook (.xlsx, `XLSXWriter`).
    case workbook(Workbook)
    /// The invitation letter on A4 portrait.
    case letter(Letter)
}

extension DocumentRequest {
    public struct TableReport: Codable, Sendable {
        public struct Column: Codable, Sendable {
            public var title: String
            /// Share of the table width, relative to the other columns' weights.
            public var weight: Double
            public init(title: String, weight: Double) {
                self.title = title
                self.weight = weight
            }
        }
        public var title: String
        public var subtitle: String
        public var columns: [Column]
        public var rows: [[String]]
        /// Every page's footer, `{page}` and `{pages}` filled in ("Page {page} / {pages}").
        public var footer: String
        public var author: String?
        public var creationDate: Date?

        public init(
            title: String, subtitle: String, columns: [Column], rows: [[String]], footer: String,
            author: String? = nil, creationDate: Date? = nil
        ) {
            self.title = title
            self.subtitle = subtitle
            self.columns = columns
            self.rows = rows
            self.footer = footer
            self.author = author
            self.creationDate = creationDate
        }

        /// The footer of page `page` of `pages` (from 1).
        public func footer(_ page: Int, _ pages: Int) -> String {
            footer.replacing("{page}", with: String(page))
                .replacing("{pages}", with: String(pages))
        }
    }

    public struct Workbook: Codable, Sendable {
        public var sheets: [XLSXSheet]
        public var title: String?
        public var created: Date

        public init(sheets: [XLSXSheet], title: String? = nil, created: Date) {
            self.sheets = sheets
            self.title = title
            self.created = created
        }
    }

    /// The invitation letter's words, filled in (the notifier's `InvitationLetter`).
    public struct Letter: Codable, Sendable {
        public var fundName: String
        public var fundAddress: [String]
        public var confidential: String
        public var address: [String]
        public var placeAndDate: String
        public var title: String
        public var salutation: String
        public var paragraphs: [String]
        public var tagline: String
        public var registrationLabel: String
        public var registrationURL: String
        public var codeLabel: String
        public var code: String
        /// What the QR code beside the code carries: the registration link with the
        /// code prefilled. A secret, as the printed code is.
        public var codeLink: String
        public var validFor: String
        public var closing: String
        public var footer: String
        public var date: Date

        /// The square at the right of the code box, beside the printed code, that holds the
        /// QR code of the registration link with the code, quiet zone included (side in
        /// points: 27.5 mm; the usual link is a version 4 symbol of 1.9 pt = 0.67 mm modules,
        /// 8 pixels each at 300 dpi).
        public static let qrSide = 78.0
        /// The smallest module a phone or a 300 dpi scan still reads reliably (0.35 mm).
        public static let qrMinimumModule = 1.0

        public init(
            fundName: String, fundAddress: [String], confidential: String, address: [String],
            placeAndDate: String, title: String, salutation: String, paragraphs: [String], tagline: String,
            registrationLabel: String, registrationURL: String, codeLabel: String, code: String,
            codeLink: String, validFor: String, closing: String, footer: String, date: Date
        ) {
            self.fundName = fundName
            self.fundAddress = fundAddress
            self.confidential = confidential
            self.address = address
            self.placeAndDate = placeAndDate
            self.title = title
            self.salutation = salutation
            self.paragraphs = paragraphs
            self.tagline = tagline
            self.registrationLabel = registrationLabel
            self.registrationURL = registrationURL
            self.codeLabel = codeLabel
            self.code = code
            self.codeLink = codeLink
            self.validFor = validFor
            self.closing = closing
            self.footer = footer
            self.date = date
        }
    }
}

public enum XLSXCell: Codable, Sendable, Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case empty
}

/// A cell travels to the helper as the bare JSON value (`"text"`, `12.5`, `true`, `null`):
/// the synthesized coding of an enum wraps each of a sheet's many cells in two objects.
extension XLSXCell {
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .empty
        } else if let flag = try? value.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try value.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var value = encoder.singleValueContainer()
        switch self {
        case .text(let text): try value.encode(text)
        case .number(let number): try value.encode(number)
        case .bool(let flag): try value.encode(flag)
        case .empty: try value.encodeNil()
        }
    }
}

public struct XLSXSheet: Codable, Sendable {
    public var name: String
    /// The first row, written bold on grey, frozen, with an autofilter over the table.
    public var header: [String]
    /// Column widths in Excel's character units (missing ones keep the default width).
    public var columnWidths: [Double]
    public var rows: [[XLSXCell]]

    public init(name: String, header: [String], columnWidths: [Double], rows: [[XLSXCell]]) {
        self.name = name
        self.header = header
        self.columnWidths = columnWidths
        self.rows = rows
    }

    /// Width of the table: the widest of header, widths and rows.
    package var columnCount: Int {
        max(header.count, columnWidths.count, rows.map(\.count).max() ?? 0)
    }
}

/// The media type of an .xlsx workbook.
public let xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
