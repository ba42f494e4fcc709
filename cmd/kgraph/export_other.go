//go:build !linux

package main

// releaseMappedTables is a no-op off Linux (see export_linux.go).
func releaseMappedTables(string) {}
