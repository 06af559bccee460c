import Foundation

/// The cache-aware roofline chart, as Intel Advisor draws it: log-log axes, arithmetic intensity
/// (flops per byte crossing a boundary) against GFLOP/s; a horizontal compute roof per element
/// type at its peak, and one bandwidth roof per boundary (GFLOP/s = intensity x GB/s) up to
/// where it meets the highest compute roof; each run a point per boundary at that boundary's
/// intensity, one marker shape per boundary and one colour per variant; a measured run also a
/// cross per boundary at its measured GFLOP/s.
///
/// Geometry (`Roofline`): the plot is `pw` x `ph` pixels from (`left`, `top`); the x axis spans
/// the whole decades around every intensity and every ridge point (where a bandwidth roof meets
/// the compute roof), the y axis those around every point and every compute roof, each at least
/// one decade: x maps to `left + (log10 x - xlo) / (xhi - xlo) * pw`, y to
/// `top + ph - (log10 y - ylo) / (yhi - ylo) * ph`.
extension SVGChart {
    public enum Roofline {
        public static let width = 800.0, height = 540.0
        public static let left = 78.0, right = 270.0, top = 40.0, bottom = 60.0
        public static var pw: Double { width - left - right }
        public static var ph: Double { height - top - bottom }
    }

    /// A roof: a compute roof (`gflops`) or a bandwidth roof (`gbPerSecond`), named as the legend says.
    public struct Roof {
        public var name: String
        public var value: Double
        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    /// One point: a run at one boundary's intensity. `series` picks the colour (a variant),
    /// `boundary` the marker shape; `measured` draws a cross.
    public struct RooflinePoint {
        public var label: String
        public var series: Int
        public var boundary: Int
        public var intensity: Double
        public var gflops: Double
        public var measured: Bool
        public init(label: String, series: Int, boundary: Int, intensity: Double, gflops: Double, measured: Bool) {
            self.label = label
            self.series = series
            self.boundary = boundary
            self.intensity = intensity
            self.gflops = gflops
            self.measured = measured
        }
    }

    /// The chart. `boundaries` and `seriesNames` name the marker shapes and colours in the legend.
    public static func roofline(
        title: String, compute: [Roof], bandwidth: [Roof], points: [RooflinePoint], boundaries: [String],
        seriesNames: [String]
    ) -> String {
        let g = Roofline.self
        let points = points.filter { ok($0.intensity) && ok($0.gflops) }
        let compute = compute.filter { ok($0.value) }, bandwidth = bandwidth.filter { ok($0.value) }
        guard !points.isEmpty else { return empty(title) }
        let peak = compute.map(\.value).max()
        let ridges = peak.map { p in bandwidth.map { p / $0.value } } ?? []
        let (xlo, xhi) = decades(points.map(\.intensity) + ridges)
        let (ylo, yhi) = decades(points.map(\.gflops) + compute.map(\.value))
        func px(_ x: Double) -> Double { g.left + (log10(x) - xlo) / (xhi - xlo) * g.pw }
        func py(_ y: Double) -> Double { g.top + g.ph - (log10(y) - ylo) / (yhi - ylo) * g.ph }
        var s = header(g.width, g.height, title)
        s += grid(xlo, xhi, ylo, yhi, px: px, py: py)
        // Bandwidth roofs: from where they enter the plot (its left edge or its floor) to the ridge.
        for (i, r) in bandwidth.enumerated() {
            let x0 = max(pow(10, xlo), pow(10, ylo) / r.value)
            let x1 = min(peak.map { $0 / r.value } ?? pow(10, xhi), pow(10, xhi), pow(10, yhi) / r.value)
            guard x0 < x1 else { continue }
            s += roofLine(roofName(r, compute: false), px(x0), py(x0 * r.value), px(x1), py(x1 * r.value), dash: i)
        }
        let start = ridges.min().map { max($0, pow(10, xlo)) } ?? pow(10, xlo)
        for r in compute {
            let label = roofName(r, compute: true)
            s += roofLine(label, px(start), py(r.value), px(pow(10, xhi)), py(r.value), dash: nil)
            s += roofLabel(label, px(pow(10, xhi)) - 4, py(r.value) - 4, anchor: "end")
        }
        for p in points {
            let (x, y, c) = (px(p.intensity), py(p.gflops), color(p.series))
            let what =
                "\(p.label) at \(boundaries[safe: p.boundary] ?? "?"): \(num(p.intensity)) flops/B, "
                + "\(num(p.gflops)) GFLOP/s\(p.measured ? " measured" : "")"
            let mark =
                p.measured
                ? "<path d='M\(x - 4),\(y - 4) L\(x + 4),\(y + 4) M\(x - 4),\(y + 4) L\(x + 4),\(y - 4)' "
                    + "stroke='\(c)' stroke-width='2'/>"
                : shape(p.boundary, x, y, c)
            s += "<g class='point'><title>\(esc(what))</title>\(mark)</g>"
        }
        s += axes(
            g.left, g.top, g.pw, g.ph, "arithmetic intensity (flops per byte at each boundary, log scale)",
            "GFLOP/s (log scale)")
        s += rooflineLegend(
            bandwidth.map { roofName($0, compute: false) }, boundaries, seriesNames,
            measured: points.contains(where: \.measured))
        return s + "</svg>\n"
    }

    /// Positive and finite: a value a log axis can place.
    static func ok(_ v: Double) -> Bool { v > 0 && v.isFinite }

    /// The whole decades around `values` (log10), at least one wide and at most 30 (values
    /// further apart than 10^30 are not drawn truthfully anyway; the axis stays readable).
    static func decades(_ values: [Double]) -> (Double, Double) {
        let logs = values.filter(ok).map(log10)
        guard let lo = logs.min(), let hi = logs.max() else { return (0, 1) }
        let a = floor(lo), b = max(ceil(hi), a + 1)
        return (max(a, b - 30), b)
    }

    /// Grid lines and tick labels at each decade of both axes.
    static func grid(
        _ xlo: Double, _ xhi: Double, _ ylo: Double, _ yhi: Double, px: (Double) -> Double, py: (Double) -> Double
    ) -> String {
        let g = Roofline.self
        var s = ""
        let xstep = max(1, ceil((xhi - xlo) / 10)), ystep = max(1, ceil((yhi - ylo) / 10))
        for d in stride(from: xlo, through: xhi, by: xstep) {
            let x = px(pow(10, d))
            s += "<line class='grid-x' x1='\(x)' y1='\(g.top)' x2='\(x)' y2='\(g.top + g.ph)' stroke='#e5e5e5'/>"
            s += "<text x='\(x)' y='\(g.top + g.ph + 18)' text-anchor='middle' class='tick'>\(num(pow(10, d)))</text>"
        }
        for d in stride(from: ylo, through: yhi, by: ystep) {
            let y = py(pow(10, d))
            s += "<line class='grid-y' x1='\(g.left)' y1='\(y)' x2='\(g.left + g.pw)' y2='\(y)' stroke='#e5e5e5'/>"
            s += "<text x='\(g.left - 6)' y='\(y + 4)' text-anchor='end' class='tick'>\(num(pow(10, d)))</text>"
        }
        return s
    }

    /// "L1-L2 64 GB/s", "f64 peak 16 GFLOP/s".
    static func roofName(_ r: Roof, compute: Bool) -> String {
        "\(r.name) \(num(r.value)) \(compute ? "GFLOP/s" : "GB/s")"
    }

    /// The dash pattern of bandwidth roof `i` (nil: the compute roofs, solid and darker).
    static func roofStyle(_ i: Int?) -> String {
        guard let i else { return "stroke='#222' stroke-width='2'" }
        let pattern = ["", "8,4", "2,3", "9,3,2,3", "4,2", "12,3"][i % 6]
        return "stroke='#666' stroke-width='1.5'" + (pattern.isEmpty ? "" : " stroke-dasharray='\(pattern)'")
    }

    static func roofLine(
        _ label: String, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, dash: Int?
    ) -> String {
        "<g class='roof'><title>\(esc(label))</title><line x1='\(x1)' y1='\(y1)' x2='\(x2)' y2='\(y2)' "
            + roofStyle(dash) + "/></g>"
    }

    static func roofLabel(_ label: String, _ x: Double, _ y: Double, anchor: String) -> String {
        "<text x='\(x)' y='\(y)' text-anchor='\(anchor)' font-size='11' fill='#333'>\(esc(label))</text>"
    }

    /// Marker shapes (one per boundary), colours (one per variant), and the measured cross.
    /// At most `maxSeries` variants are named; the rest are counted.
    static let maxSeries = 10

    static func rooflineLegend(
        _ roofs: [String], _ boundaries: [String], _ series: [String], measured: Bool
    ) -> String {
        let x = Roofline.left + Roofline.pw + 14
        var y = Roofline.top
        var s = "<text x='\(x)' y='\(y + 10)' class='legend'>bandwidth roofs</text>"
        for (i, r) in roofs.enumerated() {
            y += 18
            s += "<line x1='\(x)' y1='\(y + 6)' x2='\(x + 22)' y2='\(y + 6)' \(roofStyle(i))/>"
            s += "<text x='\(x + 28)' y='\(y + 10)' class='legend'>\(esc(r))</text>"
        }
        y += 26
        s += "<text x='\(x)' y='\(y + 10)' class='legend'>boundary (marker)</text>"
        for (i, b) in boundaries.enumerated() {
            y += 18
            s += shape(i, x + 6, y + 6, "#333") + "<text x='\(x + 18)' y='\(y + 10)' class='legend'>\(esc(b))</text>"
        }
        y += 26
        s += "<text x='\(x)' y='\(y + 10)' class='legend'>variant (colour)</text>"
        for (i, n) in series.prefix(maxSeries).enumerated() {
            y += 18
            s += "<rect x='\(x)' y='\(y)' width='12' height='12' fill='\(color(i))'/>"
            s += "<text x='\(x + 18)' y='\(y + 10)' class='legend'>\(esc(n))</text>"
        }
        if series.count > maxSeries {
            y += 18
            s += "<text x='\(x)' y='\(y + 10)' class='legend'>\(series.count - maxSeries) more</text>"
        }
        if measured {
            y += 26
            s +=
                "<path d='M\(x + 2),\(y + 2) L\(x + 10),\(y + 10) M\(x + 2),\(y + 10) L\(x + 10),\(y + 2)' "
                + "stroke='#333' stroke-width='2'/><text x='\(x + 18)' y='\(y + 10)' class='legend'>measured</text>"
        }
        return s
    }
}

extension Array {
    /// The element at `i`, or nil past either end.
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
