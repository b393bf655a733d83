/**
 * The report in another study language: its title block, contents, section headings, table and
 * field labels and outcome words. The sections write English; this pass replaces each label it
 * knows, so a label without a translation stays readable English rather than disappearing, and the
 * English report is exactly what the sections wrote. Item texts come from the chosen language's
 * version of each item (report-data.ts), comments stay as written, with translations beside them.
 */
import type { Block, Cell, ReportDocument } from './blocks';

/** Languages with report labels; any other study language gets its item texts with English labels. */
export const REPORT_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pl'] as const;
type Translated = Exclude<(typeof REPORT_LANGUAGES)[number], 'en'>;

// Each row: the English label, then de, fr, es, it, pl.
const ROWS: [string, string, string, string, string, string][] = [
  [
    'Consensus report of a Delphi study',
    'Konsensbericht einer Delphi-Studie',
    'Rapport de consensus d’une étude Delphi',
    'Informe de consenso de un estudio Delphi',
    'Rapporto di consenso di uno studio Delphi',
    'Raport konsensusu badania delfickiego',
  ],
  ['Contents', 'Inhalt', 'Sommaire', 'Índice', 'Indice', 'Spis treści'],
  ['Study', 'Studie', 'Étude', 'Estudio', 'Studio', 'Badanie'],
  ['Scope', 'Umfang', 'Portée', 'Alcance', 'Ambito', 'Zakres'],
  ['Generated', 'Erstellt', 'Généré', 'Generado', 'Generato', 'Wygenerowano'],
  ['Study status', 'Status der Studie', 'Statut de l’étude', 'Estado del estudio', 'Stato dello studio', 'Status badania'],
  ['Language', 'Sprache', 'Langue', 'Idioma', 'Lingua', 'Język'],
  ['Summary', 'Zusammenfassung', 'Résumé', 'Resumen', 'Sintesi', 'Podsumowanie'],
  [
    'Subgroup differences (asymmetry view)',
    'Unterschiede zwischen Untergruppen (Asymmetrie)',
    'Différences entre sous-groupes (asymétrie)',
    'Diferencias entre subgrupos (asimetría)',
    'Differenze tra sottogruppi (asimmetria)',
    'Różnice między podgrupami (asymetria)',
  ],
  [
    'Consensus protocol and its changes',
    'Konsensprotokoll und seine Änderungen',
    'Protocole de consensus et ses modifications',
    'Protocolo de consenso y sus cambios',
    'Protocollo di consenso e sue modifiche',
    'Protokół konsensusu i jego zmiany',
  ],
  [
    'Statistical settings',
    'Statistische Einstellungen',
    'Paramètres statistiques',
    'Configuración estadística',
    'Impostazioni statistiche',
    'Ustawienia statystyczne',
  ],
  ['Participation', 'Beteiligung', 'Participation', 'Participación', 'Partecipazione', 'Uczestnictwo'],
  ['Panel composition', 'Zusammensetzung des Panels', 'Composition du panel', 'Composición del panel', 'Composizione del panel', 'Skład panelu'],
  [
    'Item flow across rounds',
    'Verlauf der Items über die Runden',
    'Parcours des items au fil des tours',
    'Flujo de ítems entre rondas',
    'Flusso degli item tra i round',
    'Przepływ pozycji między rundami',
  ],
  [
    'Results per item and round',
    'Ergebnisse je Item und Runde',
    'Résultats par item et par tour',
    'Resultados por ítem y ronda',
    'Risultati per item e round',
    'Wyniki według pozycji i rundy',
  ],
  [
    'Stability between rounds',
    'Stabilität zwischen den Runden',
    'Stabilité entre les tours',
    'Estabilidad entre rondas',
    'Stabilità tra i round',
    'Stabilność między rundami',
  ],
  ['Items without consensus', 'Items ohne Konsens', 'Items sans consensus', 'Ítems sin consenso', 'Item senza consenso', 'Pozycje bez konsensusu'],
  [
    'Feedback shown to panelists and comments',
    'Rückmeldung an die Panelmitglieder und Kommentare',
    'Retour montré aux panélistes et commentaires',
    'Retroalimentación mostrada a los panelistas y comentarios',
    'Feedback mostrato ai panelisti e commenti',
    'Informacja zwrotna dla panelistów i komentarze',
  ],
  ['Software and versions', 'Software und Versionen', 'Logiciels et versions', 'Software y versiones', 'Software e versioni', 'Oprogramowanie i wersje'],
  ['Content validity', 'Inhaltsvalidität', 'Validité de contenu', 'Validez de contenido', 'Validità di contenuto', 'Trafność treściowa'],
  ['Attrition bias', 'Verzerrung durch Ausscheiden', 'Biais d’attrition', 'Sesgo de abandono', 'Bias di abbandono', 'Błąd wynikający z rezygnacji'],
  ['Criteria', 'Kriterien', 'Critères', 'Criterios', 'Criteri', 'Kryteria'],
  ['Relevance criteria', 'Relevanzkriterien', 'Critères de pertinence', 'Criterios de relevancia', 'Criteri di rilevanza', 'Kryteria istotności'],
  ['Relevant', 'Relevant', 'Pertinents', 'Relevantes', 'Rilevanti', 'Istotne'],
  ['Evaluation', 'Bewertung', 'Évaluation', 'Evaluación', 'Valutazione', 'Ocena'],
  ['Items', 'Items', 'Items', 'Ítems', 'Item', 'Pozycje'],
  ['Stayed', 'Geblieben', 'Restés', 'Permanecieron', 'Rimasti', 'Pozostali'],
  ['Left', 'Ausgeschieden', 'Partis', 'Abandonaron', 'Usciti', 'Odeszli'],
  ['Median stayed', 'Median Gebliebene', 'Médiane des restés', 'Mediana de quienes permanecieron', 'Mediana dei rimasti', 'Mediana pozostałych'],
  ['Median left', 'Median Ausgeschiedene', 'Médiane des partis', 'Mediana de quienes abandonaron', 'Mediana degli usciti', 'Mediana odchodzących'],
  ['Holm p', 'Holm-p', 'p de Holm', 'p de Holm', 'p di Holm', 'p Holma'],
  [
    'S-CVI/Ave, all items',
    'S-CVI/Ave, alle Items',
    'S-CVI/Ave, tous les items',
    'S-CVI/Ave, todos los ítems',
    'S-CVI/Ave, tutti gli item',
    'S-CVI/Ave, wszystkie pozycje',
  ],
  [
    'S-CVI/UA, all items',
    'S-CVI/UA, alle Items',
    'S-CVI/UA, tous les items',
    'S-CVI/UA, todos los ítems',
    'S-CVI/UA, tutti gli item',
    'S-CVI/UA, wszystkie pozycje',
  ],
  ['Items with I-CVI = 1', 'Items mit I-CVI = 1', 'Items avec I-CVI = 1', 'Ítems con I-CVI = 1', 'Item con I-CVI = 1', 'Pozycje z I-CVI = 1'],
  ['excellent', 'ausgezeichnet', 'excellent', 'excelente', 'eccellente', 'doskonała'],
  ['good', 'gut', 'bon', 'buena', 'buono', 'dobra'],
  ['fair', 'mäßig', 'passable', 'aceptable', 'discreto', 'przeciętna'],
  ['poor', 'schwach', 'faible', 'pobre', 'scarso', 'słaba'],
  [
    'Withheld (fewer than k)',
    'Zurückgehalten (weniger als k)',
    'Retenu (moins de k)',
    'Retenido (menos de k)',
    'Trattenuto (meno di k)',
    'Wstrzymane (mniej niż k)',
  ],
  [
    'No leavers or no stayers',
    'Keine Ausgeschiedenen oder keine Gebliebenen',
    'Aucun parti ou aucun resté',
    'Nadie abandonó o nadie permaneció',
    'Nessun uscito o nessun rimasto',
    'Brak odchodzących lub pozostałych',
  ],
  ['Item', 'Item', 'Item', 'Ítem', 'Item', 'Pozycja'],
  ['Statement', 'Aussage', 'Énoncé', 'Enunciado', 'Affermazione', 'Stwierdzenie'],
  ['Category', 'Kategorie', 'Catégorie', 'Categoría', 'Categoria', 'Kategoria'],
  ['Version', 'Version', 'Version', 'Versión', 'Versione', 'Wersja'],
  ['Wording', 'Wortlaut', 'Formulation', 'Redacción', 'Formulazione', 'Brzmienie'],
  ['Round', 'Runde', 'Tour', 'Ronda', 'Round', 'Runda'],
  ['Rounds', 'Runden', 'Tours', 'Rondas', 'Round', 'Rundy'],
  ['Into round', 'In Runde', 'Vers le tour', 'Hacia la ronda', 'Verso il round', 'Do rundy'],
  ['Final round', 'Letzte Runde', 'Dernier tour', 'Última ronda', 'Ultimo round', 'Ostatnia runda'],
  ['Status', 'Status', 'Statut', 'Estado', 'Stato', 'Status'],
  ['Presented', 'Vorgelegt', 'Présentés', 'Presentados', 'Presentati', 'Przedstawione'],
  ['Outcomes', 'Ergebnisse', 'Issues', 'Resultados', 'Esiti', 'Wyniki'],
  ['Outcome', 'Ergebnis', 'Issue', 'Resultado', 'Esito', 'Wynik'],
  ['Distribution', 'Verteilung', 'Distribution', 'Distribución', 'Distribuzione', 'Rozkład'],
  ['Valid', 'Gültig', 'Valides', 'Válidas', 'Valide', 'Ważne'],
  ['Skipped', 'Ausgelassen', 'Sautés', 'Omitidos', 'Saltati', 'Pominięte'],
  ['Median', 'Median', 'Médiane', 'Mediana', 'Mediana', 'Mediana'],
  ['Agreement', 'Zustimmung', 'Accord', 'Acuerdo', 'Accordo', 'Zgoda'],
  ['Disagreement', 'Ablehnung', 'Désaccord', 'Desacuerdo', 'Disaccordo', 'Niezgoda'],
  ['Decided by', 'Entschieden durch', 'Décidé par', 'Decidido por', 'Deciso da', 'Rozstrzygnięte przez'],
  ['Sensitivity', 'Sensitivität', 'Sensibilité', 'Sensibilidad', 'Sensibilità', 'Wrażliwość'],
  ['Rules', 'Regeln', 'Règles', 'Reglas', 'Regole', 'Reguły'],
  ['Why', 'Warum', 'Pourquoi', 'Por qué', 'Perché', 'Dlaczego'],
  ['Then', 'Danach', 'Ensuite', 'Después', 'Poi', 'Następnie'],
  ['Carried', 'Übernommen', 'Reconduits', 'Mantenidos', 'Riportati', 'Przeniesione'],
  ['Reworded', 'Umformuliert', 'Reformulés', 'Reformulados', 'Riformulati', 'Przeformułowane'],
  ['Added', 'Hinzugefügt', 'Ajoutés', 'Añadidos', 'Aggiunti', 'Dodane'],
  ['Dropped', 'Gestrichen', 'Retirés', 'Eliminados', 'Eliminati', 'Usunięte'],
  ['Retired', 'Abgeschlossen', 'Clos', 'Cerrados', 'Chiusi', 'Zamknięte'],
  ['Decision', 'Entscheidung', 'Décision', 'Decisión', 'Decisione', 'Decyzja'],
  ['New wording', 'Neuer Wortlaut', 'Nouvelle formulation', 'Nueva redacción', 'Nuova formulazione', 'Nowe brzmienie'],
  ['Reason', 'Begründung', 'Motif', 'Motivo', 'Motivo', 'Uzasadnienie'],
  [
    'Why reworded',
    'Grund der Umformulierung',
    'Motif de la reformulation',
    'Motivo de la reformulación',
    'Motivo della riformulazione',
    'Powód przeformułowania',
  ],
  ['Attribute', 'Merkmal', 'Attribut', 'Atributo', 'Attributo', 'Cecha'],
  ['Adjusted p', 'Adjustiertes p', 'p ajusté', 'p ajustado', 'p aggiustato', 'Skorygowane p'],
  ['Effect size', 'Effektstärke', 'Taille d’effet', 'Tamaño del efecto', 'Dimensione dell’effetto', 'Wielkość efektu'],
  ['Change', 'Veränderung', 'Variation', 'Cambio', 'Variazione', 'Zmiana'],
  ['Stable', 'Stabil', 'Stable', 'Estable', 'Stabile', 'Stabilne'],
  ['Time', 'Zeit', 'Heure', 'Hora', 'Ora', 'Czas'],
  ['Software', 'Software', 'Logiciel', 'Software', 'Software', 'Oprogramowanie'],
  ['Used for', 'Verwendet für', 'Utilisé pour', 'Usado para', 'Usato per', 'Zastosowanie'],
  ['Feedback released', 'Rückmeldung freigegeben', 'Retour publié', 'Retroalimentación publicada', 'Feedback pubblicato', 'Informacja zwrotna udostępniona'],
  [
    'Withheld (fewer than k valid ratings)',
    'Zurückgehalten (weniger als k gültige Bewertungen)',
    'Retenus (moins de k notes valides)',
    'Retenidos (menos de k valoraciones válidas)',
    'Trattenuti (meno di k valutazioni valide)',
    'Wstrzymane (mniej niż k ważnych ocen)',
  ],
  [
    'Comments shown to panelists',
    'Kommentare, die den Panelmitgliedern gezeigt wurden',
    'Commentaires montrés aux panélistes',
    'Comentarios mostrados a los panelistas',
    'Commenti mostrati ai panelisti',
    'Komentarze pokazane panelistom',
  ],
  [
    'Rewordings for the next round',
    'Umformulierungen für die nächste Runde',
    'Reformulations pour le tour suivant',
    'Reformulaciones para la ronda siguiente',
    'Riformulazioni per il round successivo',
    'Przeformułowania na następną rundę',
  ],
  ['Consensus: include', 'Konsens: einschließen', 'Consensus : inclure', 'Consenso: incluir', 'Consenso: includere', 'Konsensus: włączyć'],
  ['Consensus: exclude', 'Konsens: ausschließen', 'Consensus : exclure', 'Consenso: excluir', 'Consenso: escludere', 'Konsensus: wykluczyć'],
  ['No consensus', 'Kein Konsens', 'Pas de consensus', 'Sin consenso', 'Nessun consenso', 'Brak konsensusu'],
  ['Uncertain', 'Unsicher', 'Incertain', 'Incierto', 'Incerto', 'Niepewne'],
  ['Not enough answers', 'Zu wenige Antworten', 'Trop peu de réponses', 'Respuestas insuficientes', 'Risposte insufficienti', 'Za mało odpowiedzi'],
  ['Appropriate', 'Angemessen', 'Approprié', 'Apropiado', 'Appropriato', 'Właściwe'],
  ['Inappropriate', 'Unangemessen', 'Inapproprié', 'Inapropiado', 'Inappropriato', 'Niewłaściwe'],
];

const COLUMN: Record<Translated, number> = { de: 1, fr: 2, es: 3, it: 4, pl: 5 };
const ROUND: Record<Translated, string> = { de: 'Runde', fr: 'Tour', es: 'Ronda', it: 'Round', pl: 'Runda' };

/** The label table of a study language, or null for English and for languages without labels. */
export function reportLabels(language: string): ((english: string) => string) | null {
  const base = language.toLowerCase().split('-')[0] as Translated;
  const column = COLUMN[base];
  if (column === undefined) return null;
  const table = new Map(ROWS.map((row) => [row[0], row[column]]));
  const round = ROUND[base];
  return (english) => {
    const known = table.get(english);
    if (known !== undefined) return known;
    // "Round 2", "Round 2 invited": the number kept, the word translated.
    const m = /^Round (\d+)(.*)$/.exec(english);
    return m ? `${round} ${m[1]}${m[2] === '' ? '' : (table.get(m[2].trim()) ?? m[2])}` : english;
  };
}

/** The report with every label this module knows given in `language`. */
export function translateDocument(doc: ReportDocument, language: string): ReportDocument {
  const label = reportLabels(language);
  if (label === null) return { ...doc, language };
  const cell = (c: Cell): Cell => (typeof c === 'string' ? label(c) : { ...c, text: label(c.text) });
  const block = (b: Block): Block => {
    switch (b.kind) {
      case 'table':
        return { ...b, head: b.head.map(label), rows: b.rows.map((row) => row.map((c, i) => (i === 0 ? c : cell(c)))) };
      case 'kv':
        return { ...b, rows: b.rows.map(([k, v]) => [label(k), label(v)] as [string, string]) };
      case 'list':
        return b.title === undefined ? b : { ...b, title: label(b.title) };
      case 'h':
        return { ...b, text: label(b.text) };
      default:
        return b;
    }
  };
  return {
    ...doc,
    language,
    subtitle: label(doc.subtitle),
    contents: label('Contents'),
    meta: doc.meta.map(([k, v]) => [label(k), v]),
    sections: doc.sections.map((s) => ({ ...s, title: label(s.title), blocks: s.blocks.map(block) })),
  };
}
