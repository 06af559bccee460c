import Foundation

/// Small, dependency-free SVG charts drawn by LayoutLab itself: line charts (log-scaled x for
/// problem sizes) with vertical markers, and stacked or grouped bar charts. A value axis whose
/// non-zero values span more than 20x is logarithmic (and says so), so small values stay visible;
/// every line has its own marker shape and dash pattern, and a legend entry names the series it
/// coincides with.
public enum SVGChart {
    public struct Series {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public struct Marker {
        public var x: Double
        public var label: String
        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf", "#393b79", "#ad494a",
    ]
    static let dashes = ["", "7,4", "2,3", "9,3,2,3"]
    static func color(_ i: Int) -> String { palette[i % palette.count] }

    /// Names and labels as SVG text (`XMLText`: entities, no character XML forbids).
    static func esc(_ s: String) -> String { XMLText.escape(s) }

    static func num(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e9 { return String(format: "%.3gG", v / 1e9) }
        if a >= 1e6 { return String(format: "%.3gM", v / 1e6) }
        if a >= 1e4 { return String(format: "%.3gk", v / 1e3) }
        if a >= 1 { return String(format: "%.4g", v) }
        return String(format: "%.3g", v)
    }

    /// Whether values (zeros aside) span more than 20x, so a linear axis would flatten the small ones.
    public static func needsLog(_ values: [Double]) -> Bool {
        let pos = values.filter { $0 > 0 && $0.isFinite }
        guard let lo = pos.min(), let hi = pos.max() else { return false }
        return hi / lo > 20
    }

    /// A value axis: linear from 0, or log10 over whole decades; `pos` maps a value to 0...1.
    /// Non-finite values are left out, and an axis has at most about 12 ticks whatever the span
    /// (a log axis over 600 decades ticks every 50), so no axis strides without end.
    struct Axis {
        let log: Bool
        let ticks: [Double]
        let lo: Double, hi: Double
        init(_ values: [Double], allowLog: Bool = true) {
            let values = values.filter(\.isFinite)
            log = allowLog && SVGChart.needsLog(values)
            let pos = values.filter { $0 > 0 }
            if log, let pmin = pos.min(), let pmax = pos.max() {
                let a = floor(log10(pmin)), b = max(ceil(log10(pmax)), a + 1)
                lo = a
                hi = b
                let step = max(1, ceil((b - a) / 10))
                let n = Int(((b - a) / step).rounded(.up))
                ticks = (0...n).map { pow(10, min(a + Double($0) * step, b)) }
            } else {
                let m = values.max() ?? 1
                ticks = SVGChart.ticks(m)
                lo = 0
                hi = ticks.last ?? 1
            }
        }
        /// 0 at the axis, 1 at the top; zeros (and values below the first decade) sit on the axis.
        func pos(_ v: Double) -> Double {
            if log { return v <= 0 ? 0 : max(0, (log10(v) - lo) / (hi - lo)) }
            return hi == 0 ? 0 : v / hi
        }
    }

    /// "Nice" axis ticks covering 0...maxValue: a handful, finite, even for the largest double
    /// or a subnormal one.
    static func ticks(_ maxValue: Double) -> [Double] {
        guard maxValue > 0, maxValue.isFinite else { return [0, 1] }
        let raw = maxValue / 5
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        guard step.isNormal, step > 0 else { return [0, maxValue] }
        // As many steps as a stride through maxValue + 0.999 step takes (at most 6: step >= maxValue / 5).
        let steps = (maxValue / step + 0.999).rounded(.down)
        guard steps.isFinite else { return [0, maxValue] }
        let n = min(Int(steps), 10)
        let ticks = (0...n).map { Double($0) * step }
        return ticks.allSatisfy(\.isFinite) ? ticks : [0, maxValue]
    }

    /// The legend names: a series whose points equal an earlier one's says so.
    static func legendNames(_ series: [Series]) -> [String] {
        series.enumerated().map { i, s in
            let same = series[..<i].filter { o in
                o.points.count == s.points.count
                    && zip(o.points.sorted { $0.x < $1.x }, s.points.sorted { $0.x < $1.x }).allSatisfy {
                        $0.x == $1.x && $0.y == $1.y
                    }
            }
            return same.isEmpty ? s.name : "\(s.name) (= \(same[0].name))"
        }
    }

    /// A marker shape for series `i` at (x, y).
    static func shape(_ i: Int, _ x: Double, _ y: Double, _ fill: String) -> String {
        switch i % 4 {
        case 0: return "<circle cx='\(x)' cy='\(y)' r='3.5' fill='\(fill)'/>"
        case 1: return "<rect x='\(x - 3.5)' y='\(y - 3.5)' width='7' height='7' fill='\(fill)'/>"
        case 2: return "<polygon points='\(x),\(y - 4.5) \(x - 4),\(y + 3.5) \(x + 4),\(y + 3.5)' fill='\(fill)'/>"
        default:
            return
                """
                <polygon points='\(x),\(y - 4.5) \(x + 4.5),\(y) \(x),\(y + 4.5) \(x - 4.5),\(y)' fill='white' \
                stroke='\(fill)' stroke-width='1.5'/>
                """
        }
    }

    /// A line chart. With `logX` the x axis is log2-scaled (sizes); `percentY` formats y as %.
    public static func line(
        title: String, xLabel: String, yLabel: String, series: [Series], markers: [Marker] = [],
        logX: Bool = true, percentY: Bool = false
    ) -> String {
        let W = 760.0, H = 440.0, left = 78.0, right = 230.0, top = 40.0, bottom = 60.0
        let pw = W - left - right, ph = H - top - bottom
        // Non-finite values never reach the chart: such a point (or marker) is left out.
        let series = series.map { Series(name: $0.name, points: $0.points.filter { $0.x.isFinite && $0.y.isFinite }) }
        let markers = markers.filter { $0.x.isFinite }
        let xs = series.flatMap { $0.points.map(\.x) } + markers.map(\.x)
        let ys = series.flatMap { $0.points.map(\.y) }
        guard let xmin0 = xs.min(), let xmax0 = xs.max(), !ys.isEmpty else { return empty(title) }
        func tx(_ x: Double) -> Double { logX ? log2(max(x, 1e-9)) : x }
        let xmin = tx(xmin0), xmax = max(tx(xmax0), xmin + 1)
        let axis = Axis(ys)
        func px(_ x: Double) -> Double { left + (tx(x) - xmin) / (xmax - xmin) * pw }
        func py(_ y: Double) -> Double { top + ph - axis.pos(y) * ph }
        var s = header(W, H, title)
        for t in axis.ticks {
            s += "<line x1='\(left)' y1='\(py(t))' x2='\(left + pw)' y2='\(py(t))' stroke='#e5e5e5'/>"
            s +=
                """
                <text x='\(left - 6)' y='\(py(t) + 4)' text-anchor='end' \
                class='tick'>\(percentY ? String(format: "%.3g%%", t * 100) : num(t))</text>
                """
        }
        let xticks = Array(Set(series.flatMap { $0.points.map(\.x) })).sorted()
        for x in xticks {
            s += "<line x1='\(px(x))' y1='\(top + ph)' x2='\(px(x))' y2='\(top + ph + 5)' stroke='#333'/>"
            s += "<text x='\(px(x))' y='\(top + ph + 18)' text-anchor='middle' class='tick'>\(num(x))</text>"
        }
        for (i, m) in markers.enumerated() where tx(m.x) >= xmin && tx(m.x) <= xmax {
            s +=
                """
                <line x1='\(px(m.x))' y1='\(top)' x2='\(px(m.x))' y2='\(top + ph)' stroke='#555' \
                stroke-dasharray='5,4'/>
                """
            s += "<text x='\(px(m.x) + 3)' y='\(top + 12 + Double(i) * 13)' class='marker'>\(esc(m.label))</text>"
        }
        for (i, se) in series.enumerated() {
            let pts = se.points.sorted { $0.x < $1.x }
            let path = pts.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
            let dash = dashes[(i / palette.count + i) % dashes.count]
            s +=
                """
                <polyline fill='none' stroke='\(color(i))' \
                stroke-width='2'\(dash.isEmpty ? "" : " stroke-dasharray='\(dash)'") points='\(path)'/>
                """
            for p in pts {
                s += "<g><title>\(esc(se.name)): \(num(p.y))</title>\(shape(i, px(p.x), py(p.y), color(i)))</g>"
            }
        }
        let yl = yLabel + (axis.log ? " (log scale" + (ys.contains(0) ? "; 0 on the axis)" : ")") : "")
        s += axes(left, top, pw, ph, xLabel, yl)
        s += legend(legendNames(series), x: left + pw + 14, y: top, lines: true)
        return s + "</svg>\n"
    }

    /// Bars per category: stacked (segments add up) or grouped side by side. Values spanning more
    /// than 20x are drawn grouped on a log axis (stacking on a log axis would misstate the parts).
    public static func bars(
        title: String, yLabel: String, categories: [String], segments: [(name: String, values: [Double])],
        stacked: Bool = true
    ) -> String {
        let W = max(760.0, Double(categories.count) * 70 + 310), H = 460.0, left = 78.0, right = 230.0, top = 40.0,
            bottom = 130.0
        let pw = W - left - right, ph = H - top - bottom
        guard !categories.isEmpty, !segments.isEmpty else { return empty(title) }
        // Non-finite values never reach the chart (drawn as 0), and every segment has one value
        // per category; stacks whose sum would not be finite are drawn grouped.
        let segments = segments.map { seg in
            (
                name: seg.name,
                values: categories.indices.map { c in
                    c < seg.values.count && seg.values[c].isFinite ? seg.values[c] : 0
                }
            )
        }
        let all = segments.flatMap(\.values)
        let sums = categories.indices.map { c in segments.reduce(0) { $0 + $1.values[c] } }
        let log = needsLog(stacked ? sums + all : all)
        let stack = stacked && !log && sums.allSatisfy(\.isFinite)
        let totals = categories.indices.map { c in
            stack ? segments.reduce(0) { $0 + $1.values[c] } : segments.map { $0.values[c] }.max() ?? 0
        }
        let axis = Axis(stack ? totals : all)
        func py(_ y: Double) -> Double { top + ph - axis.pos(y) * ph }
        var s = header(W, H, title)
        for t in axis.ticks {
            s += "<line x1='\(left)' y1='\(py(t))' x2='\(left + pw)' y2='\(py(t))' stroke='#e5e5e5'/>"
            s += "<text x='\(left - 6)' y='\(py(t) + 4)' text-anchor='end' class='tick'>\(num(t))</text>"
        }
        let slot = pw / Double(categories.count)
        let bw = min(stack ? 48 : 16 * Double(segments.count), slot * 0.8)
        for (c, name) in categories.enumerated() {
            let cx = left + slot * (Double(c) + 0.5)
            var base = 0.0
            for (k, seg) in segments.enumerated() {
                let v = seg.values[c]
                let x = stack ? cx - bw / 2 : cx - bw / 2 + bw / Double(segments.count) * Double(k)
                let w = stack ? bw : bw / Double(segments.count)
                let y0 = stack ? base : 0
                if v > 0 {
                    let y1 = py(y0 + v), h = max(py(y0) - y1, 1)
                    s +=
                        """
                        <rect x='\(x)' y='\(min(y1, top + ph - 1))' width='\(w)' height='\(h)' \
                        fill='\(color(k))'><title>\(esc(name)) \(esc(seg.name)): \(num(v))</title></rect>
                        """
                } else if !stack {
                    s += "<text x='\(x + w / 2)' y='\(top + ph - 3)' text-anchor='middle' class='zero'>0</text>"
                }
                if stack { base += v }
            }
            s += "<text transform='translate(\(cx + 4),\(top + ph + 10)) rotate(40)' class='tick'>\(esc(name))</text>"
        }
        s += axes(left, top, pw, ph, "", yLabel + (axis.log ? " (log scale)" : ""))
        s += legend(segments.map(\.name), x: left + pw + 14, y: top, lines: false)
        return s + "</svg>\n"
    }

    static func header(_ w: Double, _ h: Double, _ title: String) -> String {
        """
        <svg xmlns='http://www.w3.org/2000/svg' width='\(Int(w))' height='\(Int(h))' viewBox='0 0 \(Int(w)) \
        \(Int(h))' font-family='Helvetica, Arial, sans-serif'>
        """
            + "<style>.tick{font-size:11px;fill:#333}.label{font-size:13px;fill:#111}"
            + ".marker{font-size:11px;fill:#555}.title{font-size:15px;font-weight:bold}.legend{font-size:12px}"
            + ".zero{font-size:9px;fill:#555}</style>"
                + """
                <rect width='100%' height='100%' fill='white'/><text x='\(Int(w) / 2)' y='24' text-anchor='middle' \
                class='title'>\(esc(title))</text>
                """
    }

    static func axes(_ left: Double, _ top: Double, _ pw: Double, _ ph: Double, _ xl: String, _ yl: String) -> String {
        "<line x1='\(left)' y1='\(top + ph)' x2='\(left + pw)' y2='\(top + ph)' stroke='#333'/>"
            + "<line x1='\(left)' y1='\(top)' x2='\(left)' y2='\(top + ph)' stroke='#333'/>"
            + (xl.isEmpty
                ? ""
                : """
                <text x='\(left + pw / 2)' y='\(top + ph + 40)' text-anchor='middle' \
                class='label'>\(esc(xl))</text>
                """)
                + """
                <text transform='translate(18,\(top + ph / 2)) rotate(-90)' text-anchor='middle' \
                class='label'>\(esc(yl))</text>
                """
    }

    static func legend(_ names: [String], x: Double, y: Double, lines: Bool) -> String {
        names.enumerated().map { i, n in
            let yy = y + Double(i) * 18
            let dash = dashes[(i / palette.count + i) % dashes.count]
            let key =
                lines
                ? "<line x1='\(x)' y1='\(yy + 6)' x2='\(x + 22)' y2='\(yy + 6)' stroke='\(color(i))' stroke-width='2'"
                    + (dash.isEmpty ? "" : " stroke-dasharray='\(dash)'") + "/>"
                    + shape(i, x + 11, yy + 6, color(i))
                : "<rect x='\(x)' y='\(yy)' width='12' height='12' fill='\(color(i))'/>"
            return key + "<text x='\(x + (lines ? 28 : 18))' y='\(yy + 10)' class='legend'>\(esc(n))</text>"
        }.joined()
    }

    static func empty(_ title: String) -> String {
        header(400, 80, title) + "<text x='200' y='55' text-anchor='middle' class='tick'>no data</text></svg>\n"
    }
}
