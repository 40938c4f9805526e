import FileFormats
/// A recipe that cannot be made: names the recipe file and, when one is at
/// fault, the dotted field (`noise.snr_db`).
public typealias RecipeError = FieldError
