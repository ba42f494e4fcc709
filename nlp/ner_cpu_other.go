//go:build !unix

package nlp

import "time"

// nerCPUTime is not available on this system.
func nerCPUTime() time.Duration { return 0 }
