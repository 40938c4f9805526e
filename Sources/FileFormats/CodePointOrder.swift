/// Orders strings by their Unicode scalars — locale- and
/// normalization-free, the same on every platform — so goldens, reports and
/// rankings list names in one stable order.
public func codePointOrder(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
}
