import CQREncode
import Foundation

/// A QR code symbol encoded by Debian's libqrencode: the dark modules of `text` in
/// byte mode, the smallest version that holds it. Level M (15 % of the symbol may
/// be lost, e.g. to a fold or a stain) is what Swiss QR-bills use.
public struct QRCode: Sendable {
    public enum Level: Sendable {
        case low, medium, quartile, high
        var c: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }
    }

    /// The light margin a reader needs around the symbol, in modules (ISO/IEC 18004).
    public static let quietZone = 4

    /// Rows of modules, `true` dark; `size` × `size`, quiet zone not included.
    public let modules: [[Bool]]
    public let version: Int
    public var size: Int { modules.count }

    public init(_ text: String, level: Level = .medium) throws {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw DocumentError("QR code: nothing to encode") }
        // Version 0: the smallest that holds the data.
        guard let symbol = QRcode_encodeData(Int32(bytes.count), bytes, 0, level.c) else {
            throw DocumentError("QR code: libqrencode cannot encode \(bytes.count) bytes (errno \(errno))")
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let data = symbol.pointee.data!
        // Bit 0 of each byte is the module's colour; the other bits describe its role.
        modules = (0..<width).map { row in (0..<width).map { column in data[row * width + column] & 1 == 1 } }
        version = Int(symbol.pointee.version)
    }

    /// Draws the symbol with its quiet zone into the square (`x`, `y`, `side`) on white.
    /// Throws when a module would come out smaller than `minimumModule` points.
    public func draw(on pdf: PDFDocument, x: Double, y: Double, side: Double, minimumModule: Double) throws {
        let module = side / Double(size + 2 * Self.quietZone)
        guard module >= minimumModule else {
            throw DocumentError(
                String(
                    format:
                        "QR code: version %d needs modules of %.2f pt in a %.0f pt square (at least %.2f pt to be read)",
                    version, module, side, minimumModule))
        }
        pdf.rect(x: x, y: y, width: side, height: side, fillGray: 1, strokeWidth: nil)
        let margin = Double(Self.quietZone) * module
        pdf.fillModules(modules, x: x + margin, y: y + margin, module: module)
    }
}
