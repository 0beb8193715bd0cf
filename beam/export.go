package beam

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

// ExportCSV reads the CSV files matching glob, applies the policy of cfg
// to every record and writes the protected table to o, with its manifest:
// [ReadCSV], [ProtectCSV] and [WriteCSV] in one scope. It returns an error
// when cfg or o cannot run, before any worker starts.
func ExportCSV(s beam.Scope, cfg Config, glob string, o Output) error {
	s = s.Scope("piikit.ExportCSV")
	res, err := ProtectCSV(s, cfg, ReadCSV(s, glob))
	if err != nil {
		return err
	}
	return WriteCSV(s, cfg, o, res)
}

// ExportJSONLines is [ExportCSV] for JSON Lines files: [ReadJSONLines],
// [ProtectJSON] and [WriteJSONLines] in one scope.
func ExportJSONLines(s beam.Scope, cfg Config, glob string, o Output) error {
	s = s.Scope("piikit.ExportJSONLines")
	res, err := ProtectJSON(s, cfg, ReadJSONLines(s, glob))
	if err != nil {
		return err
	}
	return WriteJSONLines(s, cfg, o, res)
}
