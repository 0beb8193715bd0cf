package mask

import (
	"context"

	"github.com/piikit/piikit/audit"
)

var testReq = audit.Request{Actor: "test", Reason: "unit test"}

func okHook(context.Context, audit.Event) error { return nil }
