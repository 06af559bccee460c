import AccessSink

extension ConvWorkload {
    /// Direct convolution with the vector innermost loop of `width` lanes (`ConvVectorInner`).
    /// f32, f64 and i8 at widths 2, 4, 8 and 16 run Swift SIMD vectors; any other width computes
    /// lane by lane with the same accesses and sums.
    @inlinable
    func directVector<S: AccessSink>(_ plan: ConvNestPlan, width: Int, promote: Bool, sink: inout S) {
        if E.self == Float.self {
            switch width {
            case 2: directVector(plan, ConvFloatLanes<SIMD2<Float>>(), promote, &sink)
            case 4: directVector(plan, ConvFloatLanes<SIMD4<Float>>(), promote, &sink)
            case 8: directVector(plan, ConvFloatLanes<SIMD8<Float>>(), promote, &sink)
            case 16: directVector(plan, ConvFloatLanes<SIMD16<Float>>(), promote, &sink)
            default: directVector(plan, ConvScalarLanes<E>(width: width), promote, &sink)
            }
        } else if E.self == Double.self {
            switch width {
            case 2: directVector(plan, ConvFloatLanes<SIMD2<Double>>(), promote, &sink)
            case 4: directVector(plan, ConvFloatLanes<SIMD4<Double>>(), promote, &sink)
            case 8: directVector(plan, ConvFloatLanes<SIMD8<Double>>(), promote, &sink)
            case 16: directVector(plan, ConvFloatLanes<SIMD16<Double>>(), promote, &sink)
            default: directVector(plan, ConvScalarLanes<E>(width: width), promote, &sink)
            }
        } else if E.self == Int8.self {
            switch width {
            case 2: directVector(plan, ConvInt8Lanes<SIMD2<Int8>, SIMD2<Int32>>(), promote, &sink)
            case 4: directVector(plan, ConvInt8Lanes<SIMD4<Int8>, SIMD4<Int32>>(), promote, &sink)
            case 8: directVector(plan, ConvInt8Lanes<SIMD8<Int8>, SIMD8<Int32>>(), promote, &sink)
            case 16: directVector(plan, ConvInt8Lanes<SIMD16<Int8>, SIMD16<Int32>>(), promote, &sink)
            default: directVector(plan, ConvScalarLanes<E>(width: width), promote, &sink)
            }
        } else {
            directVector(plan, ConvScalarLanes<E>(width: width), promote, &sink)
        }
    }

    /// Runs the nest with `lanes`, whose element type is this workload's `E` (checked by the
    /// caller), so the arrays are only viewed as that type.
    @inlinable
    func directVector<L: ConvLanes, S: AccessSink>(_ plan: ConvNestPlan, _ lanes: L, _ promote: Bool, _ sink: inout S) {
        let inner = ConvVectorInner(
            lanes,
            input: UnsafeMutableRawPointer(input).assumingMemoryBound(to: L.Element.self),
            filter: UnsafeMutableRawPointer(filter).assumingMemoryBound(to: L.Element.self),
            output: UnsafeMutableRawPointer(output).assumingMemoryBound(to: L.Element.Acc.self),
            inD: inD, fD: fD, outD: outD, promote: promote)
        plan.run(inner, specialised: false, &sink)
    }
}
