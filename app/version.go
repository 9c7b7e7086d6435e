package app

// Version is the console's version, as FyneApp.toml gives it to the
// packages (a test keeps the two the same).
const Version = "0.8.0"
