/// LayoutLab's version, printed by `--version` and in every report header.
public enum LayoutLabVersion {
    public static let string = "0.1.0"
}
