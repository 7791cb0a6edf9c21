// Finding a place (/lieux, /lieux/{id}): progressive enhancement only. The
// pages work without this file: the server lists the communes to choose
// from, the results are a complete list, and the browser prints.

// Commune suggestions as the person types, from /lieux/communes.
const input = document.querySelector("input[data-suggest]");
if (input && "fetch" in window) {
  const list = document.createElement("datalist");
  list.id = "commune-suggestions";
  input.after(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  const cache = new Map();
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q.length < 2 || /\(\d{5}\)$/.test(q)) return; // too short, or a suggestion chosen
      let communes = cache.get(q);
      if (!communes) {
        try {
          const res = await fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } });
          if (!res.ok) return;
          communes = (await res.json()).communes || [];
          cache.set(q, communes);
        } catch {
          return; // offline: the server still resolves what is typed
        }
      }
      if (input.value.trim() !== q) return;
      list.replaceChildren(...communes.map((c) => {
        const o = document.createElement("option");
        o.value = c.label;
        return o;
      }));
    }, 150);
  });
}

// "Autour de moi": the browser's position, sent as lat/lon.
const geolocate = document.querySelector("[data-geolocate]");
if (geolocate && "geolocation" in navigator) {
  const wrap = geolocate.closest(".parcours-geolocate");
  const status = wrap.querySelector(".parcours-geolocate__status");
  wrap.hidden = false;
  geolocate.addEventListener("click", () => {
    status.textContent = "Recherche de votre position…";
    navigator.geolocation.getCurrentPosition((pos) => {
      const form = geolocate.closest("form");
      form.querySelectorAll('input[name="lat"], input[name="lon"]').forEach((e) => e.remove());
      for (const [name, value] of [["lat", pos.coords.latitude], ["lon", pos.coords.longitude]]) {
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = value.toFixed(5);
        form.append(hidden);
      }
      form.querySelector('input[name="commune"]').value = "";
      status.textContent = "Position trouvée : recherche des lieux autour de vous…";
      form.submit();
    }, (err) => {
      status.textContent = err.code === 1
        ? "Vous n'avez pas autorisé l'accès à votre position : saisissez votre commune."
        : "Votre position n'a pas pu être trouvée : saisissez votre commune.";
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  });
}

// The map, below the list: Leaflet (40 KB) is loaded only when the person
// asks for it; the list comes first and works alone.
const mapBox = document.getElementById("carte");
const mapButton = document.querySelector("[data-show-map]");
if (mapBox && mapButton) {
  mapButton.parentElement.hidden = false;
  mapButton.addEventListener("click", () => {
    mapButton.disabled = true;
    mapButton.textContent = "Chargement de la carte…";
    loadLeaflet(mapBox.dataset.leafletCss, mapBox.dataset.leafletJs).then(() => {
      mapButton.parentElement.hidden = true;
      showMap(mapBox);
      mapBox.focus();
    }, () => {
      mapButton.disabled = false;
      mapButton.textContent = "La carte n'a pas pu être chargée : réessayer";
    });
  }, { once: false });
}

function loadLeaflet(css, js) {
  return new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = css;
    document.head.append(link);
    const script = document.createElement("script");
    script.src = js;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

function escapeHTML(s) {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function showMap(box) {
  const L = window.L;
  box.hidden = false;
  const centre = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)];
  const map = L.map(box, { zoomControl: false, scrollWheelZoom: false });
  L.control.zoom({ zoomInTitle: "Rapprocher", zoomOutTitle: "Éloigner" }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  L.tileLayer(box.dataset.tiles, { minZoom: 5, maxZoom: 18, attribution: escapeHTML(box.dataset.attribution || "") }).addTo(map);
  L.circle(centre, { radius: parseFloat(box.dataset.radius) * 1000, color: "#00616b", weight: 1, fill: false, interactive: false }).addTo(map);
  const bounds = L.latLngBounds([centre]);
  for (const item of document.querySelectorAll(".parcours-result[data-lat]")) {
    const at = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    const link = item.querySelector("h2 a");
    const popup = document.createElement("a");
    popup.className = "govuk-link";
    popup.href = link.href;
    popup.textContent = link.textContent;
    L.circleMarker(at, { radius: 8, color: "#ffffff", weight: 2, fillColor: "#00616b", fillOpacity: 1 })
      .bindPopup(popup)
      .addTo(map);
    bounds.extend(at);
  }
  map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
}

// Print a place's page.
for (const button of document.querySelectorAll("[data-print]")) {
  button.closest("li").hidden = false;
  button.addEventListener("click", () => window.print());
}
