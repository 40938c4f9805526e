/// The frame of the self-contained report pages (`coverage`, `trend`):
/// one XHTML document, no scripts, the shared typography, and each page's
/// own chart styles.
enum ReportPage {
    /// `body` framed as a page titled `title`, at most `maxWidth` px wide,
    /// with `style` (the page's own rules) after the shared ones.
    static func document(title: String, maxWidth: Int, style: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(title)</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: \(maxWidth)px; padding: 0 16px; color: #222; }
        h1 { font-size: 22px; margin-bottom: 4px; }
        h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        h3 { font-size: 14px; margin: 18px 0 4px; }
        code { background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
        \(style)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}
