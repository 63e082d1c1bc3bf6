package odata

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// edmx is what the test reads of the $metadata document.
type edmx struct {
	Schemas []struct {
		Namespace    string          `xml:"Namespace,attr"`
		EntityTypes  []edmEntityType `xml:"EntityType"`
		ComplexTypes []struct {
			Name  string        `xml:"Name,attr"`
			Props []edmProperty `xml:"Property"`
		} `xml:"ComplexType"`
		Associations []struct {
			Name string `xml:"Name,attr"`
			Ends []struct {
				Role         string `xml:"Role,attr"`
				Type         string `xml:"Type,attr"`
				Multiplicity string `xml:"Multiplicity,attr"`
			} `xml:"End"`
		} `xml:"Association"`
		Container *struct {
			Name      string `xml:"Name,attr"`
			Functions []struct {
				Name      string `xml:"Name,attr"`
				EntitySet string `xml:"EntitySet,attr"`
			} `xml:"FunctionImport"`
			Sets []struct {
				Name string `xml:"Name,attr"`
				Type string `xml:"EntityType,attr"`
			} `xml:"EntitySet"`
		} `xml:"EntityContainer"`
	} `xml:"DataServices>Schema"`
}

type edmEntityType struct {
	Name      string `xml:"Name,attr"`
	HasStream string `xml:"HasStream,attr"`
	Key       []struct {
		Name string `xml:"Name,attr"`
	} `xml:"Key>PropertyRef"`
	Props []edmProperty `xml:"Property"`
	Navs  []struct {
		Name         string `xml:"Name,attr"`
		Relationship string `xml:"Relationship,attr"`
		ToRole       string `xml:"ToRole,attr"`
	} `xml:"NavigationProperty"`
}

type edmProperty struct {
	Name          string `xml:"Name,attr"`
	Type          string `xml:"Type,attr"`
	TargetPath    string `xml:"FC_TargetPath,attr"`
	KeepInContent string `xml:"FC_KeepInContent,attr"`
}

// The static $metadata and the Go model that answers are written from say the same thing.
func TestMetadataMatchesModel(t *testing.T) {
	a := get(t, newTestHandler(t, 0), "/Catalog/$metadata", nil)
	if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "application/xml") {
		t.Fatalf("$metadata: %d %s", a.status, a.header.Get("Content-Type"))
	}
	doc := decodeAtom[edmx](t, a)
	if len(doc.Schemas) != 2 || doc.Schemas[0].Namespace != modelNamespace || doc.Schemas[1].Container == nil || doc.Schemas[1].Container.Name != "NetflixCatalog" {
		t.Fatalf("want the schemas %s and one with the container NetflixCatalog", modelNamespace)
	}
	model, container := doc.Schemas[0], doc.Schemas[1].Container

	// Every association end's type, by relationship and role.
	ends := map[string]struct{ typ, multiplicity string }{}
	for _, as := range model.Associations {
		for _, e := range as.Ends {
			ends[modelNamespace+"."+as.Name+"/"+e.Role] = struct{ typ, multiplicity string }{e.Type, e.Multiplicity}
		}
	}
	var types []string
	for _, et := range model.EntityTypes {
		types = append(types, et.Name)
		set := slices.IndexFunc(entitySets, func(t *entityType) bool { return t.name == et.Name })
		if set < 0 {
			t.Errorf("entity type %s is not in the model", et.Name)
			continue
		}
		mt := entitySets[set]
		var key []string
		for _, k := range et.Key {
			key = append(key, k.Name)
		}
		if !slices.Equal(key, mt.key) || (et.HasStream == "true") != mt.media {
			t.Errorf("%s: key %v, stream %q; the model says %v, %v", et.Name, key, et.HasStream, mt.key, mt.media)
		}
		checkProperties(t, et.Name, et.Props, mt.props)
		syndication := map[string]string{}
		for _, p := range et.Props {
			if p.TargetPath != "" {
				syndication[p.TargetPath] = p.Name
			}
			if p.KeepInContent == "false" && p.Name != mt.syndicationUpdated {
				t.Errorf("%s.%s is kept out of the content, which the model does not do", et.Name, p.Name)
			}
		}
		want := map[string]string{}
		for path, name := range map[string]string{"SyndicationTitle": mt.syndicationTitle, "SyndicationSummary": mt.syndicationSummary, "SyndicationUpdated": mt.syndicationUpdated} {
			if name != "" {
				want[path] = name
			}
		}
		if !maps.Equal(syndication, want) {
			t.Errorf("%s: feed customisations %v, the model's %v", et.Name, syndication, want)
		}
		if len(et.Navs) != len(mt.navs) {
			t.Errorf("%s: %d navigation properties, the model has %d", et.Name, len(et.Navs), len(mt.navs))
			continue
		}
		for i, n := range et.Navs {
			mn := mt.navs[i]
			target, _ := setByName(mn.target)
			end := ends[n.Relationship+"/"+n.ToRole]
			if n.Name != mn.name || end.typ != target.qualified() || (end.multiplicity == "*") != mn.many {
				t.Errorf("%s.%s: to %s (%s); the model's %s goes to %s, many %v", et.Name, n.Name, end.typ, end.multiplicity, mn.name, target.qualified(), mn.many)
			}
		}
	}
	var modelTypes []string
	for _, mt := range entitySets {
		modelTypes = append(modelTypes, mt.name)
	}
	if !slices.Equal(sorted(types), sorted(modelTypes)) {
		t.Errorf("entity types %v, the model's %v", types, modelTypes)
	}

	complexes := map[string]*complexType{"BoxArt": boxArtType, "InstantAvailability": instantType, "DeliveryFormatAvailability": deliveryType}
	if len(model.ComplexTypes) != len(complexes) {
		t.Errorf("%d complex types, the model has %d", len(model.ComplexTypes), len(complexes))
	}
	for _, ct := range model.ComplexTypes {
		if mc, ok := complexes[ct.Name]; !ok {
			t.Errorf("complex type %s is not in the model", ct.Name)
		} else {
			checkProperties(t, ct.Name, ct.Props, mc.props)
		}
	}

	var sets []string
	for _, s := range container.Sets {
		sets = append(sets, s.Name)
		if mt, ok := setByName(s.Name); !ok || mt.qualified() != s.Type {
			t.Errorf("entity set %s of %s is not the model's", s.Name, s.Type)
		}
	}
	var modelSets []string
	for _, mt := range entitySets {
		modelSets = append(modelSets, mt.set)
	}
	if !slices.Equal(sets, modelSets) {
		t.Errorf("entity sets %v, the model's %v (in the service document's order)", sets, modelSets)
	}
	var functions []string
	for _, f := range container.Functions {
		functions = append(functions, f.Name)
		if f.EntitySet != titleType.set {
			t.Errorf("service operation %s returns %s, not titles", f.Name, f.EntitySet)
		}
	}
	if !slices.Equal(sorted(functions), slices.Sorted(maps.Keys(serviceOperations))) {
		t.Errorf("service operations %v, the model's %v", functions, slices.Sorted(maps.Keys(serviceOperations)))
	}
}

func checkProperties(t *testing.T, owner string, got []edmProperty, want []property) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d properties, the model has %d", owner, len(got), len(want))
		return
	}
	for i, p := range got {
		if p.Name != want[i].name || p.Type != want[i].typeName() {
			t.Errorf("%s: property %d is %s %s, the model's is %s %s", owner, i, p.Name, p.Type, want[i].name, want[i].typeName())
		}
	}
}
