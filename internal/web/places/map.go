package places

import (
	"errors"
	"strings"
)

// DefaultTileURL is the IGN Géoplateforme "Plan IGN" layer (WMTS, Web
// Mercator), free of charge and without key under the Licence Ouverte.
const DefaultTileURL = "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"

// CheckTileURL accepts an https:// tile URL template with {z}, {x} and {y}.
func CheckTileURL(s string) error {
	if tileHost(s) == "" || !strings.HasPrefix(s, "https://") {
		return errors.New("l'adresse des tuiles doit commencer par https:// et nommer un serveur")
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(s, p) {
			return errors.New("l'adresse des tuiles doit contenir {z}, {x} et {y}")
		}
	}
	return nil
}

// tileHost returns the host of a tile template, read by hand because
// "{s}.tile.example.org" is not a host url.Parse accepts; "" if none.
func tileHost(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if rest == "" || strings.ContainsAny(rest, " ;,'\"") {
		return ""
	}
	return rest
}

// TileSource is the CSP img-src entry (" https://host") that lets the map
// load its tiles; "" when the URL names no host.
func TileSource(tileURL string) string {
	if tileURL == "" {
		tileURL = DefaultTileURL
	}
	host := tileHost(tileURL)
	if host == "" {
		return ""
	}
	scheme, _, _ := strings.Cut(tileURL, "://")
	// {s} subdomains ("{s}.tile.example.org") become a wildcard.
	return " " + scheme + "://" + strings.ReplaceAll(host, "{s}", "*")
}

// mapData is what the map script reads from data-* attributes.
type mapData struct {
	Tiles       string
	Attribution string
	Lat, Lon    float64
	RadiusKm    int
}

// mapAttribution names the tile provider, as its licence asks.
func mapAttribution(tileURL string) string {
	host := tileHost(tileURL)
	if strings.HasSuffix(host, "geopf.fr") || strings.HasSuffix(host, "ign.fr") {
		return "© IGN – Plan IGN"
	}
	return "Fond de carte : " + strings.TrimPrefix(host, "{s}.")
}
