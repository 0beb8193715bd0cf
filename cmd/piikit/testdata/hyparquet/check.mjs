// An independent Parquet reader and writer for piikit's tests (see
// parquet_test.go): hyparquet and hyparquet-writer, pure JavaScript.
//
//   node check.mjs read FILE        prints {num_rows, schema, rows} as JSON
//   node check.mjs write JSON FILE  writes {columns: [{name, type, data}]}
import { readFileSync } from 'node:fs'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import { parquetWriteFile } from 'hyparquet-writer'

const [mode, a, b] = process.argv.slice(2)
if (mode === 'read') {
  const file = await asyncBufferFromFile(a)
  const metadata = await parquetMetadataAsync(file)
  const names = metadata.schema.slice(1).map(e => e.name)
  const objects = await parquetReadObjects({ file })
  const rows = objects.map(o => names.map(n => o[n]))
  const schema = metadata.schema.map(e => ({
    name: e.name,
    type: e.type,
    repetition_type: e.repetition_type,
    converted_type: e.converted_type,
    logical_type: e.logical_type,
    num_children: e.num_children,
  }))
  const json = JSON.stringify({ num_rows: Number(metadata.num_rows), schema, rows },
    (_, v) => typeof v === 'bigint' ? v.toString() : v)
  process.stdout.write(json + '\n')
} else if (mode === 'write') {
  const { columns } = JSON.parse(readFileSync(a, 'utf8'))
  parquetWriteFile({ filename: b, columnData: columns })
} else {
  console.error('usage: node check.mjs read FILE | write JSON FILE')
  process.exit(2)
}
