import ArgumentParser

Interrupt.ignoreBrokenPipe()
LayoutLab.main()
