package schema

import (
	"embed"
	"io"
	"net/http"
	"path"

	"github.com/kgraph/kgraph/schema/asset"
)

// The GraphiQL page works offline: GraphiQL 3.8.3, React 18.3.1 and
// ReactDOM 18.3.1 (MIT) are vendored gzip-compressed under assets/graphiql;
// docs/vendor.md says how they were obtained and how to update them.
//
//go:embed assets/graphiql/*.gz
var assets embed.FS

const graphiqlPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kgraph · GraphiQL</title>
<link rel="stylesheet" href="/graphql/assets/graphiql.min.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphql/assets/react.production.min.js"></script>
<script src="/graphql/assets/react-dom.production.min.js"></script>
<script src="/graphql/assets/graphiql.min.js"></script>
<script>
const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
const defaultQuery = ` + "`" + `# kgraph: who is connected to whom, and which sentence says so.
{
  entity(name: "VMware") {
    name
    type
    aliases
    mentionCount
    relations(first: 10) {
      totalCount
      edges {
        node {
          type
          subject { name }
          object { name }
          weight
          evidence(first: 1) { sentence document { title } }
        }
      }
    }
  }
  stats { documents entities relations mentions }
}
` + "`" + `;
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery }));
</script>
</body>
</html>
`

func serveGraphiQL(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:")
	io.WriteString(w, graphiqlPage)
}

// serveAsset serves an embedded file, gzip-encoded when the client accepts
// it and decompressed otherwise.
func serveAsset(w http.ResponseWriter, r *http.Request) {
	asset.ServeGzip(w, r, assets, "assets/graphiql/"+path.Base(r.URL.Path))
}
