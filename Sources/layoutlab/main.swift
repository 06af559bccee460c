import ArgumentParser

Interrupt.ignoreBrokenPipe()
Interrupt.installDefault()
Interrupt.limitMallocArenas()
Interrupt.reportFailedGrowth()
LayoutLab.main()
