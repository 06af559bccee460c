import ArgumentParser

LayoutLab.main()
