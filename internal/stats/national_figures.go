package stats

// Populations of the national series, as each source defines them.
const (
	PopCredoc = "12 ans et plus, France métropolitaine"
	PopTIC    = "15 ans et plus, France hors Mayotte"
	PopSRCV   = "18 ans et plus, France métropolitaine"
)

// NationalFigures are the national figures a local digital-needs survey is
// read against (shared/data/benchmarks-numerique.md), each with its source,
// year of fieldwork and population. Compare like with like: age bands differ
// between sources (Credoc 60–69/70+, Insee 60–74/75+).
var NationalFigures = []Reference{
	{Indicator: "possède un ordinateur", Value: 0.81, Source: "Credoc", Year: 2017, Population: PopCredoc, Publication: "Baromètre du numérique 2017"},
	{Indicator: "possède un smartphone", Value: 0.73, Source: "Credoc", Year: 2017, Population: PopCredoc, Publication: "Baromètre du numérique 2017"},
	{Indicator: "possède un smartphone", Value: 0.87, Source: "Credoc", Year: 2023, Population: PopCredoc, Publication: "Baromètre du numérique, édition 2024"},
	{Indicator: "possède un smartphone (70 ans et plus)", Value: 0.62, Source: "Credoc", Year: 2023, Population: "70 ans et plus, France métropolitaine", Publication: "Baromètre du numérique, édition 2024"},
	{Indicator: "possède un ordinateur (70 ans et plus)", Value: 0.69, Source: "Credoc", Year: 2023, Population: "70 ans et plus, France métropolitaine", Publication: "Baromètre du numérique, édition 2024"},
	{Indicator: "possède un smartphone", Value: 0.91, Source: "Credoc", Year: 2024, Population: PopCredoc, Publication: "Baromètre du numérique, édition 2025"},
	{Indicator: "internaute", Value: 0.94, Source: "Credoc", Year: 2024, Population: PopCredoc, Publication: "Baromètre du numérique, édition 2025"},
	{Indicator: "a utilisé internet au cours des 3 derniers mois", Value: 0.89, Source: "Insee TIC", Year: 2024, Population: PopTIC, Publication: "Enquête TIC ménages 2024"},
	{Indicator: "a utilisé internet au cours des 3 derniers mois (75 ans et plus)", Value: 0.48, Source: "Insee TIC", Year: 2024, Population: "75 ans et plus, France hors Mayotte", Publication: "Enquête TIC ménages 2024"},
	{Indicator: "a utilisé internet au cours des 3 derniers mois (60–74 ans)", Value: 0.86, Source: "Insee TIC", Year: 2024, Population: "60–74 ans, France hors Mayotte", Publication: "Enquête TIC ménages 2024"},
	{Indicator: "n'a pas d'accès à internet à domicile", Value: 0.12, Source: "Insee", Year: 2019, Population: "15 ans et plus", Publication: "Insee Première n° 1780"},
	{Indicator: "n'a pas d'accès à internet à domicile (75 ans et plus)", Value: 0.53, Source: "Insee", Year: 2019, Population: "75 ans et plus", Publication: "Insee Première n° 1780"},
	{Indicator: "illectronisme", Value: 0.165, Source: "Insee", Year: 2019, Population: "15 ans et plus", Publication: "Insee Première n° 1780"},
	{Indicator: "illectronisme", Value: 0.154, Source: "Insee", Year: 2021, Population: "15 ans et plus", Publication: "Insee Première n° 1953"},
	{Indicator: "illectronisme (60–74 ans)", Value: 0.24, Source: "Insee", Year: 2021, Population: "60–74 ans", Publication: "Insee Première n° 1953"},
	{Indicator: "illectronisme (75 ans et plus)", Value: 0.62, Source: "Insee", Year: 2021, Population: "75 ans et plus", Publication: "Insee Première n° 1953"},
	{Indicator: "a fait au moins une démarche en ligne dans l'année", Value: 0.67, Source: "Insee SRCV", Year: 2021, Population: PopSRCV, Publication: "Insee Focus n° 267"},
	{Indicator: "a renoncé au moins une fois à une démarche en ligne", Value: 0.32, Source: "Insee SRCV", Year: 2021, Population: PopSRCV, Publication: "Insee Focus n° 267"},
	{Indicator: "a des difficultés avec les démarches en ligne", Value: 0.44, Source: "Credoc", Year: 2024, Population: PopCredoc, Publication: "Baromètre du numérique, édition 2025"},
}
