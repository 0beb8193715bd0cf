package keyset_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// cloudModules start the paths of the cloud KMS SDKs and Tink's KMS
// extensions: only the command's nested module (cmd/piikit) may need them.
var cloudModules = []string{
	"cloud.google.com/", "google.golang.org/api", "google.golang.org/grpc",
	"github.com/aws/", "github.com/hashicorp/",
	"github.com/tink-crypto/tink-go-gcpkms", "github.com/tink-crypto/tink-go-awskms", "github.com/tink-crypto/tink-go-hcvault",
}

// The library stays light: importing any package of the root module, keyset
// among them, pulls no cloud SDK, and the root go.mod requires none.
func TestLibraryPullsNoCloudSDK(t *testing.T) {
	gomod, err := os.ReadFile("../go.mod")
	require.NoError(t, err)
	for _, m := range cloudModules {
		require.NotContains(t, string(gomod), m, "the root go.mod requires a cloud SDK")
	}
	if testing.Short() {
		t.Skip("go list in -short mode")
	}
	// The root module alone, as a program importing piikit builds it.
	cmd := exec.Command("go", "list", "-deps", "-test", "./...")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/piikit/piikit/keyset")
	for _, d := range deps {
		for _, m := range cloudModules {
			require.False(t, strings.HasPrefix(d, m), "a package of the library imports %s", d)
		}
	}
}
