fn main() {
    std::process::exit(verband::cli::main());
}
