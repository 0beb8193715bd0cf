package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
	awssdkkms "github.com/aws/aws-sdk-go-v2/service/kms"
	vault "github.com/hashicorp/vault/api"
	"github.com/tink-crypto/tink-go-awskms/v3/integration/awskms"
	"github.com/tink-crypto/tink-go-gcpkms/v2/integration/gcpkms"
	"github.com/tink-crypto/tink-go-hcvault/v2/integration/hcvault"
	"github.com/tink-crypto/tink-go/v2/core/registry"
	"github.com/tink-crypto/tink-go/v2/tink"
	"google.golang.org/api/option"

	"github.com/piikit/piikit/internal/fileio"
	"github.com/piikit/piikit/keyset"
)

// The KMS clients of the command. Each run makes the one client its key URI
// needs, with the run's credentials; nothing is registered in Tink's global
// registry, so the library's keyset.KEKFromURI is left as the program
// importing it set it up.
//
// Credentials follow tinkey: --credential FILE, else the KMS's own default
// chain. Errors name the scheme and what is missing; they never quote a
// credential file or the SDK's message about one (a parser's message can
// quote the file).
var kmsSchemes = []kmsScheme{
	{"gcp-kms", gcpForm, newGCPClient},
	{"aws-kms", awsForm, newAWSClient},
	{"hcvault", vaultForm, newVaultClient},
}

// The forms of key URIs, for errors.
const (
	gcpForm   = "gcp-kms://projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY"
	awsForm   = "aws-kms://arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"
	vaultForm = "hcvault://HOST[:PORT]/MOUNT/keys/KEY"
)

// A kmsScheme opens the key URIs of one KMS.
type kmsScheme struct {
	name, form string
	// client checks uri and returns a client for it.
	client func(ctx context.Context, uri, credential string) (registry.KMSClient, error)
}

// openKEK returns the key-encryption key uri names: a KMS key through the
// Tink client of its scheme, with the credentials in the file credential
// ("" for the KMS's default chain), or else what keyset.KEKFromURI opens: an
// offline KEK file (local-kek://), or a key of a client in Tink's global
// registry, where the command's tests put Tink's fake KMS (main registers
// none).
func openKEK(ctx context.Context, uri, credential string) (tink.AEAD, error) {
	name, _, _ := strings.Cut(uri, "://")
	for _, s := range kmsSchemes {
		if name != s.name {
			continue
		}
		client, err := s.client(ctx, uri, credential)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		a, err := client.GetAEAD(uri)
		if err != nil {
			// Tink's messages here quote the URI; its form is what helps.
			return nil, fmt.Errorf("%s: a key URI is %s", s.name, s.form)
		}
		return kmsAEAD{s.name, a}, nil
	}
	if credential != "" {
		return nil, usagef("--credential is for gcp-kms://, aws-kms:// and hcvault:// key URIs")
	}
	return keyset.KEKFromURI(uri)
}

// kmsAEAD is a KMS key's AEAD whose errors name the KMS. KMS errors carry
// no key material; a multi-line one (Vault's) is put on one line where the
// command prints it (oneLine).
type kmsAEAD struct {
	scheme string
	aead   tink.AEAD
}

func (k kmsAEAD) Encrypt(plaintext, associatedData []byte) ([]byte, error) {
	ct, err := k.aead.Encrypt(plaintext, associatedData)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", k.scheme, err)
	}
	return ct, nil
}

func (k kmsAEAD) Decrypt(ciphertext, associatedData []byte) ([]byte, error) {
	pt, err := k.aead.Decrypt(ciphertext, associatedData)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", k.scheme, err)
	}
	return pt, nil
}

// keyURIPath is the part of uri after scheme://, refused if it carries
// user information, a query or a fragment (a key URI has none; they could
// hold a secret, so they are never shown).
func keyURIPath(uri, form string) (*url.URL, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return nil, fmt.Errorf("the key URI does not parse; it is %s", form)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return nil, fmt.Errorf("a key URI has no user information, query or fragment; it is %s", form)
	}
	return u, nil
}

// newGCPClient: the credential file is a service account key or any other
// Google credentials JSON file (its "type" says which); without one,
// application default credentials.
func newGCPClient(ctx context.Context, uri, credential string) (registry.KMSClient, error) {
	u, err := keyURIPath(uri, gcpForm)
	if err != nil {
		return nil, err
	}
	parts := strings.Split(u.Host+u.Path, "/")
	if len(parts) != 8 || parts[0] != "projects" || parts[2] != "locations" || parts[4] != "keyRings" || parts[6] != "cryptoKeys" ||
		parts[1] == "" || parts[3] == "" || parts[5] == "" || parts[7] == "" {
		return nil, fmt.Errorf("a key URI is %s", gcpForm)
	}
	var opts []option.ClientOption
	if credential != "" {
		t, err := gcpCredentialType(credential)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option.WithAuthCredentialsFile(t, credential))
	}
	c, err := gcpkms.NewClient(ctx, uri, gcpkms.WithGoogleAPIClientOptions(opts...))
	if err != nil {
		if credential != "" {
			return nil, fmt.Errorf("--credential %s is not a usable Google credentials file", credential)
		}
		return nil, errors.New("no credentials: give --credential FILE (a service account key) or set up application default credentials (GOOGLE_APPLICATION_CREDENTIALS, or gcloud auth application-default login)")
	}
	return c, nil
}

// gcpCredentialType reads the "type" of a Google credentials JSON file.
func gcpCredentialType(path string) (option.CredentialsType, error) {
	data, err := fileio.ReadFile(path, 1<<20)
	if err != nil {
		return "", fmt.Errorf("--credential: %w", err)
	}
	var f struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(data, &f) != nil {
		return "", fmt.Errorf("--credential %s is not a Google credentials JSON file", path)
	}
	for _, t := range []option.CredentialsType{option.ServiceAccount, option.AuthorizedUser, option.ExternalAccount, option.ImpersonatedServiceAccount} {
		if f.Type == string(t) {
			return t, nil
		}
	}
	return "", fmt.Errorf("--credential %s is not a Google credentials file of a known type (service_account, authorized_user, external_account, impersonated_service_account)", path)
}

// newAWSClient: the credential file is a CSV file from the IAM console or
// an INI credentials file (Tink reads it); without one, the AWS SDK's
// default chain (environment, shared files, SSO, instance role), checked
// here so that missing credentials are named now, not at the first call.
// AWS_ENDPOINT_URL_KMS or AWS_ENDPOINT_URL sets another endpoint, as for
// any AWS SDK.
func newAWSClient(ctx context.Context, uri, credential string) (registry.KMSClient, error) {
	arn := strings.TrimPrefix(uri, "aws-kms://")
	// arn:PARTITION:kms:REGION:ACCOUNT:key/ID or alias/NAME
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "kms" || parts[3] == "" || parts[4] == "" ||
		!(strings.HasPrefix(parts[5], "key/") || strings.HasPrefix(parts[5], "alias/")) || strings.ContainsAny(arn, "?#@") {
		return nil, fmt.Errorf("a key URI is %s", awsForm)
	}
	if credential != "" {
		c, err := awskms.NewClientWithOptions(ctx, uri, awskms.WithCredentialPath(credential))
		if err != nil {
			return nil, fmt.Errorf("--credential %s is not a usable AWS credentials file (CSV from the IAM console, or INI with a [default] profile)", credential)
		}
		return c, nil
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(parts[3]))
	if err != nil {
		return nil, errors.New("the AWS configuration (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE) does not load")
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return nil, errors.New("no credentials: give --credential FILE or use the AWS default chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, or an instance role)")
	}
	return awskms.NewClientWithOptions(ctx, uri, awskms.WithKMS(awssdkkms.NewFromConfig(cfg)))
}

// newVaultClient: the credential file holds a Vault token; without one,
// VAULT_TOKEN. The server is VAULT_ADDR if set, else https:// and the key
// URI's host; VAULT_CACERT and Vault's other variables apply. Associated
// data goes to Vault's associated_data parameter (transit keys without
// derivation), not the legacy context parameter.
func newVaultClient(_ context.Context, uri, credential string) (registry.KMSClient, error) {
	u, err := keyURIPath(uri, vaultForm)
	if err != nil {
		return nil, err
	}
	mount, key, ok := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/keys/")
	if u.Host == "" || !ok || mount == "" || key == "" || strings.Contains(key, "/") {
		return nil, fmt.Errorf("a key URI is %s", vaultForm)
	}
	cfg := vault.DefaultConfig()
	if cfg.Error != nil {
		return nil, errors.New("the Vault environment (VAULT_ADDR, VAULT_CACERT, …) does not load")
	}
	if os.Getenv(vault.EnvVaultAddress) == "" {
		cfg.Address = "https://" + u.Host
	}
	client, err := vault.NewClient(cfg)
	if err != nil {
		return nil, errors.New("the Vault environment (VAULT_ADDR, VAULT_CACERT, …) does not load")
	}
	if credential != "" {
		data, err := fileio.ReadFile(credential, 64<<10)
		if err != nil {
			return nil, fmt.Errorf("--credential: %w", err)
		}
		client.SetToken(strings.TrimSpace(string(data)))
	}
	if client.Token() == "" {
		return nil, errors.New("no token: set VAULT_TOKEN or give --credential FILE holding a Vault token")
	}
	return hcvault.NewClientWithAEADOptions(uri, client.Logical())
}
