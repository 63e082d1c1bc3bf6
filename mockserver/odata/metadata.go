package odata

import _ "embed"

// metadataDocument is the answer to $metadata: the EDMX of the later service (DataServiceVersion
// 2.0; model namespace NetflixCatalog.Model, entity container NetflixCatalog in the schema
// Netflix.Catalog), laid out as studerw/odata-client's copy of netflix_metadata.xml. It is
// static text, kept equal to the Go model by TestMetadataMatchesModel. It differs from the
// copy in its encoding, UTF-8 like every other answer, and in leaving out the Unicode and
// FixedLength facets, which no answer depends on.
//
//go:embed metadata.xml
var metadataDocument []byte
