// "Écouter": the browser's speech synthesis reads the page's main
// content in the page's language. The button stays hidden (and unreachable)
// where the browser cannot speak, and without JavaScript.
{
  const button = document.querySelector("[data-read-aloud]");
  const main = document.querySelector("main");
  if (button && main && "speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
    const synth = window.speechSynthesis;
    const label = button.textContent;
    const stop = () => {
      synth.cancel();
      button.textContent = label;
      button.removeAttribute("aria-pressed");
    };
    button.hidden = false;
    button.addEventListener("click", () => {
      if (synth.speaking) {
        stop();
        return;
      }
      // Each block in its own language: a place's data stays French (lang="fr")
      // on a page in Arabic; easy-to-read French (fr-x-falc) is read as French.
      const langOf = (el) => (el.closest("[lang]")?.lang || "fr").replace(/-x-.*$/, "");
      // One utterance per block of text: long utterances stop halfway in some browsers.
      const blocks = [...main.querySelectorAll("h1, h2, h3, p, li, dt, dd, th, td, label, legend, summary")]
        .filter((el) => el.offsetParent !== null && !el.closest("li li, [hidden]"))
        .map((el) => ({ text: el.innerText.trim(), lang: langOf(el) }))
        .filter((b) => b.text);
      if (blocks.length === 0) return;
      button.textContent = button.dataset.stop || label;
      button.setAttribute("aria-pressed", "true");
      blocks.forEach(({ text, lang }, i) => {
        const u = new SpeechSynthesisUtterance(text);
        u.lang = lang;
        if (i === blocks.length - 1) u.addEventListener("end", stop);
        synth.speak(u);
      });
    });
    window.addEventListener("pagehide", () => synth.cancel());
  }
}
