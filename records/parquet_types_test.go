package records_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

// pqTyped holds personal data in columns that are not text: an ID as a
// DOUBLE, a phone as an INT64, a DECIMAL of each physical type, an INT96
// timestamp, a BOOLEAN, a UUID, and byte arrays whose logical type is not
// STRING (set in the footer by the test).
type pqTyped struct {
	ID     string           `parquet:"id"`
	DblID  float64          `parquet:"dbl_id"`
	FltID  float32          `parquet:"flt_id"`
	Phone  int64            `parquet:"phone"`
	Dec32  int32            `parquet:"dec32,decimal(0:9)"`
	Dec64  int64            `parquet:"dec64,decimal(2:18)"`
	DecFix [8]byte          `parquet:"decfix"`
	Born   deprecated.Int96 `parquet:"born"`
	Flag   bool             `parquet:"flag"`
	UUID   [16]byte         `parquet:"uuid,uuid"`
	Enum   string           `parquet:"enum,enum"`
	JSON   []byte           `parquet:"js"`   // JSON, set in the footer
	BSON   []byte           `parquet:"bs"`   // BSON, set in the footer
	Conv   []byte           `parquet:"conv"` // ENUM by converted type only, in the footer
}

// Every keyed, display or redact rule on a column that is not text is
// refused before a row is read, whatever its physical or logical type:
// a number is never read as the digits of an ID or phone (as JSON refuses
// a float), and no value appears in the output or the error.
func TestParquetKeyedNonTextTypes(t *testing.T) {
	rows := []pqTyped{{ID: "U1", DblID: 31415926, FltID: 2718, Phone: 9012345678, Dec32: 77665544, Dec64: 5566778899, DecFix: [8]byte{'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'}, Born: deprecated.Int96{1, 2, 3}, Flag: true, UUID: [16]byte{'S', 'E', 'C', 'R', 'E', 'T'}, Enum: "HANAKO", JSON: []byte(`{"n":"TARO"}`), BSON: []byte("ICHIRO"), Conv: []byte("SUZUKI")}}
	in := writeParquet(t, rows, 10)
	in = withFooter(t, in, func(md *format.FileMetaData) {
		for i := range md.Schema {
			e := &md.Schema[i]
			switch e.Name {
			case "decfix": // DECIMAL on FIXED_LEN_BYTE_ARRAY
				e.ConvertedType = thrift.New(deprecated.Decimal)
				e.Precision, e.Scale = thrift.New[int32](18), thrift.New[int32](0)
				e.LogicalType.Value = &format.DecimalType{Precision: 18}
			case "js":
				e.LogicalType.Value = &format.JsonType{}
				e.ConvertedType = thrift.New(deprecated.Json)
			case "bs":
				e.LogicalType.Value = &format.BsonType{}
			case "conv":
				e.ConvertedType = thrift.New(deprecated.Enum)
			}
		}
	})
	cols := []string{"dbl_id", "flt_id", "phone", "dec32", "dec64", "decfix", "born", "flag", "uuid", "enum", "js", "bs", "conv"}
	secrets := []string{"31415926", "2718", "9012345678", "77665544", "5566778899", "ABCDEFGH", "SECRET", "HANAKO", "TARO", "ICHIRO", "SUZUKI"}
	for _, col := range cols {
		for _, rule := range []string{
			"{transform: pseudonym, kind: id, domain: d.x}",
			"{transform: token, kind: phone, domain: d.x}",
			"{transform: mask, kind: phone, domain: d.x}",
			"{transform: display, kind: phone}",
			"{transform: redact}",
			"{transform: text}",
		} {
			var p strings.Builder
			p.WriteString("version: 1\nregion: JP\nfields:\n  id: keep\n")
			for _, c := range cols {
				if c == col {
					p.WriteString("  " + c + ": " + rule + "\n")
				} else {
					p.WriteString("  " + c + ": keep\n")
				}
			}
			tr := recordstest.Transformer(t, p.String())
			var out bytes.Buffer
			_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
			require.ErrorIs(t, err, records.ErrValue, "%s %s", col, rule)
			require.Zero(t, out.Len(), "%s %s", col, rule)
			for _, s := range secrets {
				require.NotContains(t, err.Error(), s)
			}
		}
	}
}
