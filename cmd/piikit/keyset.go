package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
)

func init() {
	register(&command{
		name:    "keyset",
		summary: "create, list, rotate and convert Tink keysets (like tinkey)",
		run:     runKeyset,
	})
}

const keysetUsage = `Usage: piikit keyset <verb> [flags]

Creates and rotates the Tink keysets that hold piikit's keys, with the verbs
and flags of Tink's tinkey. Keysets are Tink's own JSON or binary files,
encrypted under a key-encryption key (--master-key-uri) and bound to their
purpose: prf (the root of pseudonyms and format-preserving masks), daead
(reversible tokens) or kek (an offline key-encryption key).

Key-encryption keys:
  local-kek://PATH   an offline KEK: a Tink AES-GCM keyset file, mode 0600
  gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K
  aws-kms://arn:aws:kms:REGION:ACCOUNT:key/ID
  hcvault://HOST[:PORT]/MOUNT/keys/KEY
                     a KMS key, through Tink's client for it, with the
                     credentials of --credential FILE or the KMS's default
                     chain (GCP application default credentials; the AWS
                     default chain; VAULT_ADDR and VAULT_TOKEN)

Verbs:
  create    create a keyset of one key
  list      list a keyset's keys: ID, status, primary, type, output prefix
  add       add a key, not primary (deploy it to readers before promoting)
  promote   make a key the primary: new outputs use it
  rotate    add a key and make it the primary at once
  enable    enable a disabled key
  disable   disable a key: outputs made with it no longer read back
  delete    delete a key for good
  convert   change a keyset's format or key-encryption key

Start with an offline KEK, then a PRF root encrypted under it:
  piikit keyset create --key-template AES256_GCM --insecure-cleartext-keyset --out kek.json
  piikit keyset create --key-template HKDF_SHA256 --master-key-uri local-kek://kek.json --out prf.json
  piikit keyset list --in prf.json --master-key-uri local-kek://kek.json
  piikit keyset rotate --in prf.json --out prf.json --key-template HKDF_SHA256 --master-key-uri local-kek://kek.json

Run "piikit keyset <verb> --help" for a verb's flags.
`

// A keysetVerb is one `piikit keyset <verb>`.
type keysetVerb struct {
	usage string
	// in: the verb reads --in; out: it writes --out; template: it takes
	// --key-template; keyID: it takes --key-id.
	in, out, template, keyID bool
	change                   keysetChange
}

// keysetChange returns the keyset a verb writes, and a note for stderr.
type keysetChange func(h *tinkkeyset.Handle, o *keysetOptions) (*tinkkeyset.Handle, string, error)

var keysetVerbs = map[string]*keysetVerb{
	"create": {
		usage: `Usage: piikit keyset create --key-template NAME (--master-key-uri URI | --insecure-cleartext-keyset) [--out FILE]

Creates a keyset of one fresh key, the primary, and writes it encrypted under
--master-key-uri to --out (or standard output). The purpose follows from the
template: HKDF_SHA256 (recommended), HMAC_SHA256_PRF, HMAC_SHA512_PRF make a
prf root; AES256_SIV a daead keyset; AES256_GCM (recommended), AES128_GCM a
kek. AES_CMAC_PRF is refused as a root: it gives 16 bytes per call and piikit
derives 32-byte keys.

An offline KEK is the one keyset written unencrypted, on purpose:
  piikit keyset create --key-template AES256_GCM --insecure-cleartext-keyset --out kek.json`,
		out: true, template: true,
		change: func(_ *tinkkeyset.Handle, o *keysetOptions) (*tinkkeyset.Handle, string, error) {
			h, err := keyset.New(o.template)
			if err != nil {
				return nil, "", err
			}
			return h, fmt.Sprintf("created %s keyset, primary key %d", o.purpose, h.KeysetInfo().GetPrimaryKeyId()), nil
		},
	},
	"list": {
		usage: `Usage: piikit keyset list --in FILE (--master-key-uri URI | --insecure-cleartext-keyset)

Lists the keys of a keyset, one per line: key ID, status, whether it is the
primary, key type and output prefix. It never shows key material. The purpose
is found from the file (the associated data it was encrypted with).`,
		in: true,
	},
	"add": {
		usage: `Usage: piikit keyset add --in FILE --key-template NAME (--master-key-uri URI | --insecure-cleartext-keyset) [--out FILE]

Adds a fresh key, enabled but not primary, and writes the keyset. Deploy it
to every reader, then promote the key. Prints the new key's ID on stderr.`,
		in: true, out: true, template: true,
		change: withNewKey(keyset.Add, "added key %d, not primary"),
	},
	"promote": {
		usage: `Usage: piikit keyset promote --in FILE --key-id ID (--master-key-uri URI | --insecure-cleartext-keyset) [--out FILE]

Makes the enabled key ID the primary: new outputs use it; outputs of the
other enabled keys still read back.`,
		in: true, out: true, keyID: true,
		change: withKeyID(keyset.Promote, "promoted key %d to primary"),
	},
	"rotate": {
		usage: `Usage: piikit keyset rotate --in FILE --key-template NAME (--master-key-uri URI | --insecure-cleartext-keyset) [--out FILE]

Adds a fresh key and makes it the primary (add and promote at once). Use it
when every reader gets the new keyset at the same time as the writers.`,
		in: true, out: true, template: true,
		change: withNewKey(keyset.Rotate, "added key %d as primary"),
	},
	"enable": {
		usage: `Usage: piikit keyset enable --in FILE --key-id ID (--master-key-uri URI | --insecure-cleartext-keyset) [--out FILE]

Enables a disabled key again.`,
		in: true, out: true, keyID: true,
		change: withKeyID(keyset.Enable, "enabled key %d"),
	},
	"disable": {
		usage: `Usage: piikit keyset disable --in FILE --key-id ID (--master-key-uri URI | --insecure-cleartext-keyset) [--out FILE]

Disables a key that is not the primary: outputs made with it no longer read
back until it is enabled again.`,
		in: true, out: true, keyID: true,
		change: withKeyID(keyset.Disable, "disabled key %d"),
	},
	"delete": {
		usage: `Usage: piikit keyset delete --in FILE --key-id ID (--master-key-uri URI | --insecure-cleartext-keyset) [--out FILE]

Deletes a key that is not the primary. Outputs made with it can never be read
back; disable it first and wait until nothing needs them.`,
		in: true, out: true, keyID: true,
		change: withKeyID(keyset.Delete, "deleted key %d"),
	},
	"convert": {
		usage: `Usage: piikit keyset convert --in FILE [--out FILE] [--out-format json|binary]
       [--master-key-uri URI [--credential FILE] | --insecure-cleartext-in]
       [--new-master-key-uri URI [--new-credential FILE] | --insecure-cleartext-out]
       [--from-tinkey --purpose P | --to-tinkey]

Writes a keyset again: in another format, under another key-encryption key
(--new-master-key-uri), or encrypts a cleartext keyset (--insecure-cleartext-in,
e.g. one made by tinkey) or decrypts one (--insecure-cleartext-out: INSECURE,
for tests and fixtures only). The keys do not change.

piikit encrypts keysets with associated data that binds them to their purpose;
tinkey (and Tink's keyset.Handle.Write) use empty associated data, so neither
reads the other's encrypted keysets. Two directions convert:
  --from-tinkey  read --in as tinkey writes it (empty associated data) and
                 write it bound to --purpose, which the file cannot say
  --to-tinkey    write --out as tinkey reads it: no longer bound to its
                 purpose, so piikit reads it only with --from-tinkey
Each prints what it did on stderr.`,
		in: true, out: true,
		change: func(h *tinkkeyset.Handle, _ *keysetOptions) (*tinkkeyset.Handle, string, error) {
			return h, "", nil
		},
	},
}

// withNewKey is the change of a verb that adds a key made from
// --key-template (add, rotate); note is formatted with the new key's ID.
func withNewKey(op func(*tinkkeyset.Handle, string) (*tinkkeyset.Handle, uint32, error), note string) keysetChange {
	return func(h *tinkkeyset.Handle, o *keysetOptions) (*tinkkeyset.Handle, string, error) {
		h, id, err := op(h, o.template)
		return h, fmt.Sprintf(note, id), err
	}
}

// withKeyID is the change of a verb on the key --key-id (promote, enable,
// disable, delete); note is formatted with that ID.
func withKeyID(op func(*tinkkeyset.Handle, uint32) (*tinkkeyset.Handle, error), note string) keysetChange {
	return func(h *tinkkeyset.Handle, o *keysetOptions) (*tinkkeyset.Handle, string, error) {
		h, err := op(h, o.keyID)
		return h, fmt.Sprintf(note, o.keyID), err
	}
}

// keysetOptions are the flags of a verb, parsed.
type keysetOptions struct {
	in, inFormat, out, outFormat  string
	masterKeyURI, newMasterKeyURI string
	insecure                      bool // --insecure-cleartext-keyset: in and out
	insecureIn, insecureOut       bool // convert only
	fromTinkey, toTinkey          bool // convert only
	credential, newCredential     string
	purposeName, template, keyIDs string

	purpose       keyset.Purpose
	keyID         uint32
	cleartextFlag string // the flag that reads --in unencrypted, for hints
}

func runKeyset(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("missing verb (create, list, add, promote, rotate, enable, disable, delete, convert)")
	}
	if sub, ok := helpRequest(args); ok {
		if sub == nil {
			fmt.Fprint(e.stdout, keysetUsage)
			return flag.ErrHelp
		}
		args = sub
	}
	name := args[0]
	v, ok := keysetVerbs[name]
	if !ok {
		return usagef("unknown verb %q", name)
	}
	err := v.run(ctx, e, name, args[1:])
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return err
	case errors.As(err, &ue):
		return &usageError{msg: name + ": " + ue.msg, helpFor: "keyset " + name, err: ue.err}
	}
	return fmt.Errorf("%s: %w", name, err)
}

func (v *keysetVerb) run(ctx context.Context, e *env, name string, args []string) error {
	o := new(keysetOptions)
	fs := newFlagSet(e, "keyset "+name, v.usage)
	if v.in {
		fs.StringVar(&o.in, "in", "", "the keyset `file` to read")
		fs.StringVar(&o.inFormat, "in-format", "", "the `format` of --in, json or binary (default: detected from the content)")
	}
	if v.out {
		fs.StringVar(&o.out, "out", "", "the `file` to write the keyset to (default: standard output); an existing file only if it is --in")
		fs.StringVar(&o.outFormat, "out-format", "", "the `format` to write, json or binary (default: the format of --in, or json)")
	}
	fs.StringVar(&o.masterKeyURI, "master-key-uri", "", "the key-encryption key of the keyset: local-kek://PATH for an offline KEK file, or a KMS key `URI`: gcp-kms://, aws-kms://, hcvault://")
	fs.StringVar(&o.credential, "credential", "", credentialUsage)
	if name == "convert" {
		fs.StringVar(&o.newMasterKeyURI, "new-master-key-uri", "", "the key-encryption key `URI` to write under (default: --master-key-uri)")
		fs.StringVar(&o.newCredential, "new-credential", "", "the credentials `file` of the KMS of --new-master-key-uri (default: --credential if the URI is --master-key-uri, else the KMS's default chain)")
		fs.BoolVar(&o.fromTinkey, "from-tinkey", false, "read --in in tinkey's form (empty associated data) and bind it to --purpose")
		fs.BoolVar(&o.toTinkey, "to-tinkey", false, "write --out in tinkey's form (empty associated data): no longer bound to its purpose")
		fs.BoolVar(&o.insecureIn, "insecure-cleartext-in", false, "--in is an unencrypted keyset (INSECURE)")
		fs.BoolVar(&o.insecureOut, "insecure-cleartext-out", false, "write the keyset unencrypted (INSECURE: tests and fixtures only)")
	} else {
		fs.BoolVar(&o.insecure, "insecure-cleartext-keyset", false, "read and write the keyset unencrypted, without --master-key-uri (INSECURE: offline KEK files, tests and fixtures only)")
	}
	fs.StringVar(&o.purposeName, "purpose", "", "the `purpose` of the keyset, prf, daead or kek (default: found from the file, or from --key-template)")
	if v.template {
		fs.StringVar(&o.template, "key-template", "", "the key `template`: "+strings.Join(keyset.Templates(), ", "))
	}
	if v.keyID {
		fs.StringVar(&o.keyIDs, "key-id", "", "the key `ID`, as piikit keyset list shows it")
	}
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := o.check(v, name); err != nil {
		return err
	}
	// --out may be --in (an update in place), never a KEK file.
	var files runFiles
	files.kek("--master-key-uri", o.masterKeyURI)
	files.kek("--new-master-key-uri", o.newMasterKeyURI)
	files.output("--out", o.out)
	if err := files.check(); err != nil {
		return err
	}

	var h *tinkkeyset.Handle
	var err error
	if v.in {
		if h, err = o.read(ctx); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if !v.out {
		return printKeys(e.stdout, h, o.purpose)
	}
	h, note, err := v.change(h, o)
	if err != nil {
		return err
	}
	if err := uninterrupted(func() error { return o.write(ctx, e.stdout, h) }); err != nil {
		return err
	}
	if note != "" {
		fmt.Fprintln(e.stderr, note)
	}
	o.noteTinkey(e.stderr)
	return nil
}

// check validates the flags before anything is read.
func (o *keysetOptions) check(v *keysetVerb, name string) error {
	if v.in && o.in == "" {
		return usagef("--in is required")
	}
	if v.template && o.template == "" {
		return usagef("--key-template is required (one of %s)", strings.Join(keyset.Templates(), ", "))
	}
	if v.keyID {
		if o.keyIDs == "" {
			return usagef("--key-id is required")
		}
		id, err := strconv.ParseUint(o.keyIDs, 10, 32)
		if err != nil {
			return usagef("--key-id %q is not a key ID (a number from 0 to 4294967295)", o.keyIDs)
		}
		o.keyID = uint32(id)
	}
	for _, f := range []string{o.inFormat, o.outFormat} {
		if _, err := keyset.ParseFormat(f); f != "" && err != nil {
			return usagef("%v", err)
		}
	}
	if o.purposeName != "" {
		o.purpose = keyset.Purpose(o.purposeName)
		if !o.purpose.Valid() {
			return usagef("--purpose %q is not prf, daead or kek", o.purposeName)
		}
	}
	if name == "create" && o.purpose == "" {
		p, err := keyset.TemplatePurpose(o.template)
		if err != nil {
			return usagef("%v", err)
		}
		o.purpose = p
	}
	if name == "convert" {
		if o.newMasterKeyURI == "" && !o.insecureOut {
			o.newMasterKeyURI = o.masterKeyURI
		}
		if o.newCredential == "" && o.newMasterKeyURI == o.masterKeyURI {
			o.newCredential = o.credential
		}
		if err := o.checkTinkey(); err != nil {
			return err
		}
		o.cleartextFlag = "--insecure-cleartext-in"
		if err := kekFlagsOK(o.masterKeyURI, o.insecureIn, "--master-key-uri", "--insecure-cleartext-in"); err != nil {
			return err
		}
		return kekFlagsOK(o.newMasterKeyURI, o.insecureOut, "--new-master-key-uri", "--insecure-cleartext-out")
	}
	o.insecureIn, o.insecureOut, o.newMasterKeyURI, o.newCredential = o.insecure, o.insecure, o.masterKeyURI, o.credential
	o.cleartextFlag = "--insecure-cleartext-keyset"
	return kekFlagsOK(o.masterKeyURI, o.insecure, "--master-key-uri", "--insecure-cleartext-keyset")
}

func kekFlagsOK(uri string, insecure bool, uriFlag, insecureFlag string) error {
	switch {
	case uri != "" && insecure:
		return usagef("%s and %s cannot be used together", uriFlag, insecureFlag)
	case uri == "" && !insecure:
		return usagef("%s is required (or %s for an unencrypted keyset)", uriFlag, insecureFlag)
	}
	return nil
}

// read loads --in, finding its format and purpose when the flags do not
// give them.
func (o *keysetOptions) read(ctx context.Context) (*tinkkeyset.Handle, error) {
	data, err := readKeysetFile(o.in)
	if err != nil {
		return nil, err
	}
	f := keyset.DetectFormat(data)
	if o.inFormat != "" {
		f, _ = keyset.ParseFormat(o.inFormat)
	}
	if o.outFormat == "" {
		o.outFormat = f.String()
	}
	var h *tinkkeyset.Handle
	if o.insecureIn {
		h, err = readCleartext(data, f, &o.purpose)
	} else {
		var kek tink.AEAD
		if kek, err = openKEK(ctx, o.masterKeyURI, o.credential); err != nil {
			return nil, withHint(err, "")
		}
		h, err = readEncrypted(data, f, kek, &o.purpose, o.fromTinkey)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.in, withHint(err, o.cleartextFlag))
	}
	return h, nil
}

// readEncrypted reads with purpose *p, or finds it (see findPurpose), in
// tinkey's form if tinkeyForm (*p is then required).
func readEncrypted(data []byte, f keyset.Format, kek tink.AEAD, p *keyset.Purpose, tinkeyForm bool) (*tinkkeyset.Handle, error) {
	if tinkeyForm {
		return keyset.ReadTinkeyForm(bytes.NewReader(data), f, kek, *p)
	}
	return findPurpose(p, func(try keyset.Purpose) (*tinkkeyset.Handle, error) {
		return keyset.Read(bytes.NewReader(data), f, kek, try)
	})
}

// readCleartext reads with purpose *p, or finds it (see findPurpose).
func readCleartext(data []byte, f keyset.Format, p *keyset.Purpose) (*tinkkeyset.Handle, error) {
	return findPurpose(p, func(try keyset.Purpose) (*tinkkeyset.Handle, error) {
		return insecurecleartext.Read(bytes.NewReader(data), f, try)
	})
}

// findPurpose reads a keyset with purpose *p or, when *p is empty, finds
// it and sets *p: an encrypted keyset names its own (it decrypts only with
// the associated data of its purpose: a [keyset.PurposeError] says which),
// a cleartext one is of the purpose whose key types it holds. When none
// fits, the error is the first purpose's.
func findPurpose(p *keyset.Purpose, read func(keyset.Purpose) (*tinkkeyset.Handle, error)) (*tinkkeyset.Handle, error) {
	if *p != "" {
		return read(*p)
	}
	var first error
	for _, try := range []keyset.Purpose{keyset.PurposePRF, keyset.PurposeDeterministicAEAD, keyset.PurposeKEK} {
		h, err := read(try)
		if pe := (*keyset.PurposeError)(nil); errors.As(err, &pe) && pe.Got != "" {
			try = pe.Got
			h, err = read(try)
		}
		if err == nil {
			*p = try
			return h, nil
		}
		if !errors.Is(err, keyset.ErrWrongKeyType) {
			return nil, err
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// write writes h to --out, or to stdout, in --out-format.
func (o *keysetOptions) write(ctx context.Context, stdout io.Writer, h *tinkkeyset.Handle) error {
	f := keyset.JSON
	if o.outFormat != "" {
		f, _ = keyset.ParseFormat(o.outFormat)
	}
	if o.out != "" && !sameFile(o.out, o.in) {
		if _, err := os.Lstat(o.out); err == nil {
			return fmt.Errorf("%s exists; write to a new file, or give the same path as --in to update it in place", o.out)
		}
	}
	if o.insecureOut {
		if o.out == "" {
			return insecurecleartext.Write(stdout, h, f, o.purpose)
		}
		return insecurecleartext.WriteFile(o.out, h, f, o.purpose)
	}
	kek, err := openKEK(ctx, o.newMasterKeyURI, o.newCredential)
	if err != nil {
		return withHint(err, "")
	}
	if o.toTinkey {
		return writeTinkeyForm(o.out, stdout, h, f, kek, o.purpose)
	}
	if o.out == "" {
		return keyset.Write(stdout, h, f, kek, o.purpose)
	}
	return keyset.WriteFile(o.out, h, f, kek, o.purpose)
}

// printKeys prints the purpose and a table of the keys, never key material.
func printKeys(w io.Writer, h *tinkkeyset.Handle, p keyset.Purpose) error {
	fmt.Fprintf(w, "purpose: %s\n", p)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY ID\tSTATUS\tPRIMARY\tKEY TYPE\tOUTPUT PREFIX")
	for _, k := range keyset.List(h) {
		primary := ""
		if k.Primary {
			primary = "yes"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", k.ID, k.Status, primary, k.TypeURL, k.OutputPrefix)
	}
	return tw.Flush()
}
