module github.com/sitrep/sitrep

go 1.26.8

require (
	github.com/yuin/goldmark v1.8.7
	gopkg.in/yaml.v3 v3.0.1
)
