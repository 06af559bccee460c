import ArgumentParser

Interrupt.ignoreBrokenPipe()
Interrupt.installDefault()
LayoutLab.main()
