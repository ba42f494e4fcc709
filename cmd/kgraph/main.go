// Command kgraph turns documents into a knowledge graph of people,
// organizations and their relations, stores it in badger and serves it over
// GraphQL. Run `kgraph --help` for the commands.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}
