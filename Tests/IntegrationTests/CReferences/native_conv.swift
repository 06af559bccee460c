// LayoutLab's native twin of a direct-convolution nest (the engine's kernel with the no-op sink,
// as `measure` runs it), as a program the same arguments as conv.c drive. ConvReferenceTests
// builds it with `swiftc -O` against the Engine and AccessSink sources.
//
// usage: native_conv NEST LAYOUT FILTER N C K H W R S STRIDE PAD REPS [PROMOTE VECTOR]
import AccessSink
import CCallgrind
import Engine

#if canImport(Glibc)
    import Glibc
#endif

func fail(_ why: String) -> Never {
    print("native_conv: \(why)")
    exit(2)
}

let args = CommandLine.arguments
guard args.count == 14 || args.count == 16 else {
    fail("usage: native_conv NEST LAYOUT FILTER N C K H W R S STRIDE PAD REPS [PROMOTE VECTOR]")
}
let v = args[4...].map { Int($0) }
guard !v.contains(nil) else { fail("bad number") }
let num = v.map { $0! }
guard let nest = ConvLoopNest(args[1]), let layout = ConvLayout(rawValue: args[2]), let filter = FilterLayout(args[3])
else { fail("unknown nest, layout or filter") }
let model = args.count == 16 ? AccessModel(promote: num[10] != 0, vector: num[11]) : AccessModel.source
let shape = ConvShape(
    n: num[0], c: num[1], k: num[2], h: num[3], w: num[4], r: num[5], s: num[6], stride: num[7], padding: num[8])
let variant = ConvVariant(algorithm: .direct(nest), layout: layout, filter: filter, accesses: model)
guard let work = ConvWorkload<Float>(shape: shape, variant: variant) else { fail("arrays too large") }

@inline(never) func kernel(_ w: ConvWorkload<Float>) {
    var sink = NullSink()
    w.run(sink: &sink)
}

if num[9] == 0 {
    layoutlab_callgrind_start()
    kernel(work)
    layoutlab_callgrind_stop()
    var sum = 0.0
    for n in 0..<shape.n {
        for k in 0..<shape.k {
            for y in 0..<shape.oh {
                for x in 0..<shape.ow {
                    // The checksum walks the output in memory order, as conv.c does.
                    let off =
                        layout == .nchw
                        ? ((n * shape.k + k) * shape.oh + y) * shape.ow + x
                        : ((n * shape.oh + y) * shape.ow + x) * shape.k + k
                    sum += work.result(n, k, y, x) * Double(off % 13 + 1)
                }
            }
        }
    }
    print(Int(exactly: sum) ?? Int.min)
} else {
    kernel(work)
    let clock = ContinuousClock()
    var best = Duration.seconds(1000)
    for _ in 0..<num[9] {
        let t = clock.measure { kernel(work) }
        if t < best { best = t }
    }
    let (s, a) = best.components
    print(s * 1_000_000_000 + a / 1_000_000_000)
}
