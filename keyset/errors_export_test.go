package keyset

// Errors that callers have no need to branch on are unexported; the tests
// still tell them apart.
var (
	ErrUnknownFormat     = errUnknownFormat
	ErrUnknownPurpose    = errUnknownPurpose
	ErrUnknownTemplate   = errUnknownTemplate
	ErrKEKFile           = errKEKFile
	ErrUnknownKeyID      = errUnknownKeyID
	ErrKeyNotEnabled     = errKeyNotEnabled
	ErrKeyDestroyed      = errKeyDestroyed
	ErrPrimaryKey        = errPrimaryKey
	ErrEmptyKeyset       = errEmptyKeyset
	ErrPrimaryNotEnabled = errPrimaryNotEnabled
	ErrNoPrimary         = errNoPrimary
)
