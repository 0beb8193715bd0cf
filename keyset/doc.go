// Package keyset creates, reads, writes and rotates the Tink keysets that
// hold every piikit key, always encrypted under a key-encryption key (KEK)
// and bound to their [Purpose].
//
// A service loads its keyset once at start-up:
//
//	kek, err := keyset.KEKFromURI("gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k")
//	root, err := keyset.ReadFile("prf.json", keyset.JSON, kek, keyset.PurposePRF)
//
// and an operator makes one with [New] and [WriteFile], or with the piikit
// command (piikit keyset create --key-template HKDF_SHA256 --master-key-uri …).
// [Read] checks every keyset it loads with [Check], so a keyset of the wrong
// kind fails at start-up with a clear error, not at first use.
//
// # Key management
//
// A keyset has a purpose, which decides the key types it may hold:
//
//	PurposePRF                HKDF_SHA256 (recommended), HMAC_SHA256_PRF, HMAC_SHA512_PRF
//	PurposeDeterministicAEAD  AES256_SIV
//	PurposeKEK                AES256_GCM (recommended), AES128_GCM
//
// [Templates] lists the template names, which are Tink's own. AES_CMAC_PRF
// keys can be made but [Check] refuses them as a PRF root: they give at
// most 16 bytes per call, and piikit derives 32-byte keys with one call.
//
// Keysets are rotated with tinkey's verbs: [Add], [Promote], [Rotate] (add
// and promote), [Enable], [Disable], [Delete], and [List] to see key IDs,
// status, primary, key type and output prefix (never key material). New
// outputs use the primary key; an output made under an older key is read
// back while that key stays enabled.
//
// The key-encryption key is any Tink AEAD (tink.AEAD). [KEKFromURI] makes
// one from a KMS key URI, through the KMS clients a program registers with
// Tink's registry.RegisterKMSClient (Tink's gcpkms, awskms or hcvault
// extension modules; piikit itself imports no cloud SDK), or from a
// local-kek:// URI, the offline KEK below.
//
// Each encrypted keyset is bound to its purpose by the associated data
// "piikit/keyset/v1/" || purpose (SPEC.md §1): a keyset encrypted for one
// purpose does not load as another, and [Read] says which purpose it was
// encrypted for ([PurposeError]).
//
// # Offline KEK
//
// A URI local-kek://PATH names a KEK kept in a file: a cleartext Tink keyset
// of AES-GCM keys, made with
//
//	piikit keyset create --key-template AES256_GCM --insecure-cleartext-keyset --out kek.json
//
// or [New] and insecurecleartext.WriteFile. It needs no cloud and no
// network, so it suits local runs, tests, CI and small deployments.
// Trade-offs, against a KMS:
//
//   - The KEK file is key material in the clear: whoever reads it (or a
//     backup of it, or the disk) and a keyset file holds the keys. A KMS key
//     never leaves the KMS. [KEKFromURI] refuses a KEK file that group or
//     others can read, as ssh does with private keys.
//   - There is no audit log of its use and no access policy beyond file
//     permissions; a KMS has both.
//   - It can be rotated like any keyset (add a key, promote it, re-write the
//     keysets it protects), and it is a standard Tink keyset, so any Tink
//     implementation can read it and decrypt piikit's keysets with the
//     associated data above.
//
// A passphrase-derived KEK (for example Argon2id) was considered and left
// out: its salt and cost parameters would need a file format of piikit's
// own next to Tink's EncryptedKeyset, and a human-chosen passphrase is a
// weaker key than 256 random bits.
//
// # Compatibility
//
// piikit uses tink-go v2 (github.com/tink-crypto/tink-go/v2), the maintained
// home of the archived github.com/google/tink/go; the keyset wire format is
// the same. Keyset files are Tink's EncryptedKeyset in Tink's JSON or binary
// encoding, so Tink in any language reads them, given the KEK and the
// associated data of their purpose (Go's keyset.ReadWithAssociatedData).
// tinkey always uses empty associated data: it does not read them, and
// [Read] does not read what tinkey writes. [ReadTinkeyForm] and
// [WriteTinkeyForm] convert, on purpose, between the two forms (piikit
// keyset convert --from-tinkey and --to-tinkey).
//
// # Security
//
// Cleartext keysets are read and written only by the separate package
// keyset/insecurecleartext, so that every use shows in review. Test
// fixtures are in keyset/keysettest, which is for tests only.
//
// No error, [KeyInfo] or String of this package holds key material. Parser
// messages, which can quote their input, are never passed on. A failed
// decryption is one error, [ErrDecrypt], whatever the cause: a wrong KEK and
// a corrupted file look the same.
//
// [WriteFile] replaces a file atomically with mode 0600. Functions are safe
// for concurrent use; Tink's keyset handles are immutable, and the rotation
// functions return new ones.
package keyset
