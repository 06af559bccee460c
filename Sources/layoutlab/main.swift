import ArgumentParser

Interrupt.ignoreBrokenPipe()
Interrupt.installDefault()
Interrupt.limitMallocArenas()
LayoutLab.main()
