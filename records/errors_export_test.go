package records

// Errors that callers have no need to branch on are unexported; the tests
// still tell them apart.
var (
	ErrUnsupported  = errUnsupported
	ErrTag          = errTag
	ErrNoKeyset     = errNoKeyset
	ErrManifestAuth = errManifestAuth
)
