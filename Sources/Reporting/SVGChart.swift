import Foundation

/// Small, dependency-free SVG charts drawn by LayoutLab itself: line charts (log-scaled x for
/// problem sizes) with vertical markers, and stacked or grouped bar charts.
public enum SVGChart {
    public struct Series {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, points: [(x: Double, y: Double)]) { self.name = name; self.points = points }
    }

    public struct Marker {
        public var x: Double
        public var label: String
        public init(x: Double, label: String) { self.x = x; self.label = label }
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                          "#bcbd22", "#17becf", "#393b79", "#ad494a"]
    static func color(_ i: Int) -> String { palette[i % palette.count] }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func num(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e9 { return String(format: "%.3gG", v / 1e9) }
        if a >= 1e6 { return String(format: "%.3gM", v / 1e6) }
        if a >= 1e4 { return String(format: "%.3gk", v / 1e3) }
        if a >= 1 { return String(format: "%.4g", v) }
        return String(format: "%.3g", v)
    }

    /// "Nice" axis ticks covering 0...maxValue.
    static func ticks(_ maxValue: Double) -> [Double] {
        guard maxValue > 0 else { return [0, 1] }
        let raw = maxValue / 5
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        return stride(from: 0, through: maxValue + step * 0.999, by: step).map { $0 }
    }

    /// A line chart. With `logX` the x axis is log2-scaled (sizes); `percentY` formats y as %.
    public static func line(title: String, xLabel: String, yLabel: String, series: [Series], markers: [Marker] = [],
                            logX: Bool = true, percentY: Bool = false) -> String {
        let W = 760.0, H = 440.0, left = 78.0, right = 190.0, top = 40.0, bottom = 60.0
        let pw = W - left - right, ph = H - top - bottom
        let xs = series.flatMap { $0.points.map(\.x) } + markers.map(\.x)
        let ys = series.flatMap { $0.points.map(\.y) }
        guard let xmin0 = xs.min(), let xmax0 = xs.max(), !ys.isEmpty else { return empty(title) }
        func tx(_ x: Double) -> Double { logX ? log2(max(x, 1e-9)) : x }
        let xmin = tx(xmin0), xmax = max(tx(xmax0), xmin + 1)
        let yt = ticks(ys.max()!)
        let ymax = yt.last!
        func px(_ x: Double) -> Double { left + (tx(x) - xmin) / (xmax - xmin) * pw }
        func py(_ y: Double) -> Double { top + ph - y / ymax * ph }
        var s = header(W, H, title)
        for t in yt {
            s += "<line x1='\(left)' y1='\(py(t))' x2='\(left + pw)' y2='\(py(t))' stroke='#e5e5e5'/>"
            s += "<text x='\(left - 6)' y='\(py(t) + 4)' text-anchor='end' class='tick'>\(percentY ? String(format: "%.3g%%", t * 100) : num(t))</text>"
        }
        let xticks = Array(Set(series.flatMap { $0.points.map(\.x) })).sorted()
        for x in xticks {
            s += "<line x1='\(px(x))' y1='\(top + ph)' x2='\(px(x))' y2='\(top + ph + 5)' stroke='#333'/>"
            s += "<text x='\(px(x))' y='\(top + ph + 18)' text-anchor='middle' class='tick'>\(num(x))</text>"
        }
        for (i, m) in markers.enumerated() where tx(m.x) >= xmin && tx(m.x) <= xmax {
            s += "<line x1='\(px(m.x))' y1='\(top)' x2='\(px(m.x))' y2='\(top + ph)' stroke='#555' stroke-dasharray='5,4'/>"
            s += "<text x='\(px(m.x) + 3)' y='\(top + 12 + Double(i) * 13)' class='marker'>\(esc(m.label))</text>"
        }
        for (i, se) in series.enumerated() {
            let pts = se.points.sorted { $0.x < $1.x }
            let path = pts.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
            s += "<polyline fill='none' stroke='\(color(i))' stroke-width='2' points='\(path)'/>"
            for p in pts { s += "<circle cx='\(px(p.x))' cy='\(py(p.y))' r='3' fill='\(color(i))'><title>\(esc(se.name)): \(num(p.y))</title></circle>" }
        }
        s += axes(left, top, pw, ph, xLabel, yLabel)
        s += legend(series.map(\.name), x: left + pw + 14, y: top)
        return s + "</svg>\n"
    }

    /// Bars per category: stacked (segments add up) or grouped side by side.
    public static func bars(title: String, yLabel: String, categories: [String], segments: [(name: String, values: [Double])],
                            stacked: Bool = true) -> String {
        let W = max(760.0, Double(categories.count) * 70 + 270), H = 460.0, left = 78.0, right = 190.0, top = 40.0, bottom = 110.0
        let pw = W - left - right, ph = H - top - bottom
        guard !categories.isEmpty, !segments.isEmpty else { return empty(title) }
        let totals = categories.indices.map { c in stacked ? segments.reduce(0) { $0 + $1.values[c] } : segments.map { $0.values[c] }.max() ?? 0 }
        let yt = ticks(totals.max() ?? 1)
        let ymax = yt.last!
        func py(_ y: Double) -> Double { top + ph - y / ymax * ph }
        var s = header(W, H, title)
        for t in yt {
            s += "<line x1='\(left)' y1='\(py(t))' x2='\(left + pw)' y2='\(py(t))' stroke='#e5e5e5'/>"
            s += "<text x='\(left - 6)' y='\(py(t) + 4)' text-anchor='end' class='tick'>\(num(t))</text>"
        }
        let slot = pw / Double(categories.count)
        let bw = min(48, slot * 0.7)
        for (c, name) in categories.enumerated() {
            let cx = left + slot * (Double(c) + 0.5)
            var base = 0.0
            for (k, seg) in segments.enumerated() {
                let v = seg.values[c]
                let x = stacked ? cx - bw / 2 : cx - bw / 2 + bw / Double(segments.count) * Double(k)
                let w = stacked ? bw : bw / Double(segments.count)
                let y0 = stacked ? base : 0
                if v > 0 {
                    s += "<rect x='\(x)' y='\(py(y0 + v))' width='\(w)' height='\(py(y0) - py(y0 + v))' fill='\(color(k))'><title>\(esc(name)) \(esc(seg.name)): \(num(v))</title></rect>"
                }
                if stacked { base += v }
            }
            s += "<text transform='translate(\(cx + 4),\(top + ph + 10)) rotate(40)' class='tick'>\(esc(name))</text>"
        }
        s += axes(left, top, pw, ph, "", yLabel)
        s += legend(segments.map(\.name), x: left + pw + 14, y: top)
        return s + "</svg>\n"
    }

    static func header(_ w: Double, _ h: Double, _ title: String) -> String {
        "<svg xmlns='http://www.w3.org/2000/svg' width='\(Int(w))' height='\(Int(h))' viewBox='0 0 \(Int(w)) \(Int(h))' font-family='Helvetica, Arial, sans-serif'>"
            + "<style>.tick{font-size:11px;fill:#333}.label{font-size:13px;fill:#111}.marker{font-size:11px;fill:#555}.title{font-size:15px;font-weight:bold}.legend{font-size:12px}</style>"
            + "<rect width='100%' height='100%' fill='white'/><text x='\(Int(w) / 2)' y='24' text-anchor='middle' class='title'>\(esc(title))</text>"
    }

    static func axes(_ left: Double, _ top: Double, _ pw: Double, _ ph: Double, _ xl: String, _ yl: String) -> String {
        "<line x1='\(left)' y1='\(top + ph)' x2='\(left + pw)' y2='\(top + ph)' stroke='#333'/>"
            + "<line x1='\(left)' y1='\(top)' x2='\(left)' y2='\(top + ph)' stroke='#333'/>"
            + (xl.isEmpty ? "" : "<text x='\(left + pw / 2)' y='\(top + ph + 40)' text-anchor='middle' class='label'>\(esc(xl))</text>")
            + "<text transform='translate(18,\(top + ph / 2)) rotate(-90)' text-anchor='middle' class='label'>\(esc(yl))</text>"
    }

    static func legend(_ names: [String], x: Double, y: Double) -> String {
        names.enumerated().map { i, n in
            "<rect x='\(x)' y='\(y + Double(i) * 18)' width='12' height='12' fill='\(color(i))'/>"
                + "<text x='\(x + 18)' y='\(y + Double(i) * 18 + 10)' class='legend'>\(esc(n))</text>"
        }.joined()
    }

    static func empty(_ title: String) -> String {
        header(400, 80, title) + "<text x='200' y='55' text-anchor='middle' class='tick'>no data</text></svg>\n"
    }
}
