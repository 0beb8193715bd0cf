package beam

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/internal/fileio"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/records"
)

// Config says which policy a pipeline applies and where its keys are. It
// travels with the pipeline to every worker (Beam encodes the DoFns that
// hold it), so it holds names, never keys: the policy's text, the paths or
// URIs of the encrypted keyset files, and the URI of the key-encryption
// key. Each worker reads the keysets once, when its first DoFn starts.
type Config struct {
	// Policy is the text of the policy (YAML or JSON, SPEC.md §7).
	Policy string
	// Keyset is the path or URI (any scheme a Beam filesystem is
	// registered for, e.g. gs://) of the root PRF keyset, for pseudonyms
	// and masks; TokenKeyset that of the AES-SIV keyset, for reversible
	// tokens. Only those the policy needs are read.
	Keyset, TokenKeyset string
	// MasterKeyURI is the key-encryption key of both keysets: a KMS key
	// URI whose Tink KMS client the worker binary registers, or
	// local-kek://PATH for a KEK file that every worker can read.
	MasterKeyURI string
	// Names has text fields (and text struct tags) find person names by
	// morphology too, as piikit export does: each worker process loads
	// the IPA dictionary (package freetext/names, about 30 MB of heap)
	// once. Without it, a text field's names are not found.
	Names bool
}

// Version is the piikit version recorded in the manifests of Beam runs.
const Version = "v0.1.0-dev"

// errNoKeyset: the policy needs a keyset the Config does not name.
var errNoKeyset = errors.New("piikit/beam: missing keyset")

// check parses the policy and refuses a configuration that cannot run or
// would put a key in the pipeline, before the pipeline is built.
func (c Config) check() (*records.Policy, error) {
	p, err := records.ParsePolicy([]byte(c.Policy))
	if err != nil {
		return nil, err
	}
	root, tokens := p.Keysets()
	switch {
	case root && c.Keyset == "":
		return nil, fmt.Errorf("%w: the policy needs the root PRF keyset: set Config.Keyset", errNoKeyset)
	case tokens && c.TokenKeyset == "":
		return nil, fmt.Errorf("%w: the policy needs the token keyset: set Config.TokenKeyset", errNoKeyset)
	case root || tokens:
		if err := c.checkKEK(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// checkKEK refuses a missing KEK URI, or one that holds its key.
func (c Config) checkKEK() error {
	switch {
	case c.MasterKeyURI == "":
		return fmt.Errorf("%w: set Config.MasterKeyURI, the key-encryption key of the keysets", keyset.ErrNoKMSClient)
	case strings.HasPrefix(c.MasterKeyURI, "fake-kms://"):
		// Tink's test-only fake KMS carries its key in the URI, which
		// would travel with the pipeline.
		return errors.New("piikit/beam: a fake-kms:// URI holds its key: it would be serialized with the pipeline")
	}
	return nil
}

// loaded is what a worker builds from a Config: the policy, its keys and
// its Transformer, once per process and Config.
type loaded struct {
	policy *records.Policy
	keys   *records.Keys
	t      *records.Transformer
}

var (
	loadMu    sync.Mutex
	loadCache = map[Config]*loadOnce{}
)

// loadOnce is the loaded form of one Config; mu is held while it is read,
// so that the DoFns of a worker that start together read the keysets once.
type loadOnce struct {
	mu sync.Mutex
	l  *loaded
}

// load returns c's policy, keys and Transformer, reading the keysets the
// first time a process asks for c. A failure is not kept: Beam retries a
// bundle with new DoFns, whose Setup reads again (a KMS or storage error
// may be transient).
func (c Config) load(ctx context.Context) (*loaded, error) {
	loadMu.Lock()
	o := loadCache[c]
	if o == nil {
		o = new(loadOnce)
		loadCache[c] = o
	}
	loadMu.Unlock()
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.l == nil {
		l, err := c.read(ctx)
		if err != nil {
			return nil, err
		}
		o.l = l
	}
	return o.l, nil
}

func (c Config) read(ctx context.Context) (*loaded, error) {
	var p *records.Policy
	var err error
	needRoot, needTokens := c.Keyset != "", c.TokenKeyset != ""
	if c.Policy == "" { // struct tags: the keysets given
		err = c.checkKeysOnly()
	} else if p, err = c.check(); err == nil {
		needRoot, needTokens = p.Keysets()
	}
	if err != nil {
		return nil, err
	}
	var root, tokens *tinkkeyset.Handle
	if needRoot {
		if root, err = readKeyset(ctx, c.Keyset, c.MasterKeyURI, keyset.PurposePRF); err != nil {
			return nil, err
		}
	}
	if needTokens {
		if tokens, err = readKeyset(ctx, c.TokenKeyset, c.MasterKeyURI, keyset.PurposeDeterministicAEAD); err != nil {
			return nil, err
		}
	}
	keys, err := records.NewKeys(root, tokens)
	if err != nil {
		return nil, err
	}
	if c.Names {
		keys = keys.WithNames(names.Append)
		if p != nil {
			p.Names = names.Append
		}
	}
	l := &loaded{policy: p, keys: keys}
	if p != nil {
		if l.t, err = records.New(p, keys); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// readKeyset reads the encrypted keyset at path (through Beam's
// filesystems) and decrypts it with the KEK of kekURI.
func readKeyset(ctx context.Context, path, kekURI string, purpose keyset.Purpose) (*tinkkeyset.Handle, error) {
	data, err := readSmallFile(ctx, path, fileio.MaxKeysetSize)
	if err != nil {
		return nil, fmt.Errorf("piikit/beam: keyset %s: %w", path, err)
	}
	kek, err := keyset.KEKFromURI(kekURI)
	if err != nil {
		return nil, err
	}
	h, err := keyset.Read(bytes.NewReader(data), keyset.DetectFormat(data), kek, purpose)
	if err != nil {
		return nil, fmt.Errorf("piikit/beam: keyset %s: %w", path, err)
	}
	return h, nil
}

// readSmallFile reads a file of at most max bytes through Beam's
// filesystems.
func readSmallFile(ctx context.Context, path string, max int64) ([]byte, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: larger than %d MiB", keyset.ErrMalformed, max>>20)
	}
	return data, nil
}
