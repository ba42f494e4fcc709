// Package canon turns surface forms of names into canonical names and lookup
// keys. It has no heavy dependencies so that the store, the extractor and the
// GraphQL layer all agree on what "the same name" means.
//
// Usage:
//
//	canon.Clean("  VMware's ")  // "VMware"
//	canon.Key("VMware Inc.")    // "vmware"
//	canon.Key("vmware")         // "vmware"
package canon
