/**
 * Items of the demo study, written for the trust-asymmetry framework of Li et al. (2018),
 * Health Policy 122(12):1356-1363 (see shared/framework.md). `lean` says how the simulated panel
 * rates each item by sector on the 1-9 scale: the mean for health, social care, voluntary and
 * local-authority panelists. Items where health and social care differ are the framework's point.
 */
export interface DemoItem {
  code: string;
  category: 'KNOW' | 'POWER' | 'CULT' | 'PRIOR';
  en: string;
  fr: string;
  lean: [health: number, socialCare: number, voluntary: number, localAuthority: number];
  spread: number;
}

export const demoCategories = {
  KNOW: { en: 'Knowledge asymmetry', fr: 'Asymétrie de connaissances', de: 'Wissensasymmetrie', es: 'Asimetría de conocimiento' },
  POWER: { en: 'Power asymmetry', fr: 'Asymétrie de pouvoir', de: 'Machtasymmetrie', es: 'Asimetría de poder' },
  CULT: {
    en: 'Organisational and cognitive asymmetry',
    fr: 'Asymétrie organisationnelle et cognitive',
    de: 'Organisatorische und kognitive Asymmetrie',
    es: 'Asimetría organizativa y cognitiva',
  },
  PRIOR: {
    en: 'Issues from earlier studies',
    fr: 'Questions issues d’études antérieures',
    de: 'Themen aus früheren Studien',
    es: 'Cuestiones de estudios anteriores',
  },
} as const;

export const demoItems: DemoItem[] = [
  {
    code: 'K1',
    category: 'KNOW',
    en: 'Unclear roles and responsibilities after integration weaken trust between partner organisations.',
    fr: 'Des rôles et responsabilités flous après l’intégration affaiblissent la confiance entre organisations partenaires.',
    lean: [7.8, 8.1, 7.6, 7.7],
    spread: 0.9,
  },
  {
    code: 'K2',
    category: 'KNOW',
    en: 'Different terms and conditions of employment for staff doing similar work create friction between partners.',
    fr: 'Des conditions d’emploi différentes pour un travail similaire créent des frictions entre partenaires.',
    lean: [6.2, 7.9, 7.0, 6.8],
    spread: 1.3,
  },
  {
    code: 'K3',
    category: 'KNOW',
    en: 'Partners cannot easily identify or review each other’s skills and expertise.',
    fr: 'Les partenaires ne peuvent pas facilement identifier ni évaluer les compétences des uns et des autres.',
    lean: [6.5, 7.4, 7.9, 6.9],
    spread: 1.2,
  },
  {
    code: 'K4',
    category: 'KNOW',
    en: 'Statutory bodies refer too few people to voluntary-sector services because they do not know what those services offer.',
    fr: 'Les organismes publics orientent trop peu de personnes vers le secteur associatif faute de connaître son offre.',
    lean: [4.6, 7.2, 8.4, 6.1],
    spread: 1.4,
  },
  {
    code: 'K5',
    category: 'KNOW',
    en: 'A shared awareness of partners’ skills and capabilities matters more for trust than a shared understanding of roles alone.',
    fr: 'Une connaissance partagée des compétences des partenaires compte davantage pour la confiance qu’une simple compréhension partagée des rôles.',
    lean: [6.9, 7.1, 7.5, 6.8],
    spread: 1.6,
  },
  {
    code: 'K6',
    category: 'KNOW',
    en: 'Regular joint training helps staff from different organisations understand what each partner can do.',
    fr: 'Des formations communes régulières aident le personnel des différentes organisations à comprendre ce que chaque partenaire peut faire.',
    lean: [7.9, 8.0, 7.8, 7.6],
    spread: 0.8,
  },
  {
    code: 'K7',
    category: 'KNOW',
    en: 'Without a shared IT system, partners lack the information they need to rely on each other.',
    fr: 'Sans système informatique partagé, les partenaires manquent des informations nécessaires pour se faire confiance.',
    lean: [7.4, 7.7, 6.9, 7.5],
    spread: 1.0,
  },
  {
    code: 'P1',
    category: 'POWER',
    en: 'Social care and voluntary partners are under-resourced compared with health partners.',
    fr: 'Les partenaires du social et du secteur associatif disposent de moins de ressources que ceux de la santé.',
    lean: [5.1, 8.3, 8.5, 7.4],
    spread: 1.3,
  },
  {
    code: 'P2',
    category: 'POWER',
    en: 'Fear of cost-shifting makes partners guarded in joint planning.',
    fr: 'La crainte des transferts de coûts rend les partenaires méfiants dans la planification commune.',
    lean: [6.8, 7.9, 7.0, 8.0],
    spread: 1.1,
  },
  {
    code: 'P3',
    category: 'POWER',
    en: 'Disputes over whose responsibility a cost is damage working relationships.',
    fr: 'Les désaccords sur la prise en charge d’un coût abîment les relations de travail.',
    lean: [7.6, 7.8, 7.2, 7.9],
    spread: 0.9,
  },
  {
    code: 'P4',
    category: 'POWER',
    en: 'One partner’s agenda tends to dominate joint decisions.',
    fr: 'Le programme d’un partenaire tend à dominer les décisions communes.',
    lean: [4.4, 7.6, 7.8, 6.9],
    spread: 1.5,
  },
  {
    code: 'P5',
    category: 'POWER',
    en: 'Smaller partners fear losing their identity in an integrated arrangement.',
    fr: 'Les petits partenaires craignent de perdre leur identité dans un dispositif intégré.',
    lean: [6.0, 7.3, 8.2, 6.6],
    spread: 1.3,
  },
  {
    code: 'P6',
    category: 'POWER',
    en: 'The smaller share of a pooled budget is scrutinised harder than the larger share.',
    fr: 'La plus petite part d’un budget commun est contrôlée plus sévèrement que la plus grande.',
    lean: [4.9, 7.7, 7.1, 7.5],
    spread: 1.6,
  },
  {
    code: 'C1',
    category: 'CULT',
    en: 'Differences between the social model and the medical model make partners hard to predict.',
    fr: 'Les différences entre modèle social et modèle médical rendent les partenaires difficiles à anticiper.',
    lean: [6.4, 7.8, 7.3, 7.0],
    spread: 1.2,
  },
  {
    code: 'C2',
    category: 'CULT',
    en: 'Different management styles reduce confidence in joint programmes.',
    fr: 'Des styles de management différents réduisent la confiance dans les programmes communs.',
    lean: [6.6, 6.9, 6.4, 6.8],
    spread: 1.5,
  },
  {
    code: 'C3',
    category: 'CULT',
    en: 'Partners differ in their attitudes to change.',
    fr: 'Les partenaires n’ont pas la même attitude face au changement.',
    lean: [7.1, 7.2, 6.8, 7.0],
    spread: 1.2,
  },
  {
    code: 'C4',
    category: 'CULT',
    en: 'Good relationships between individual professionals can compensate for organisational differences.',
    fr: 'De bonnes relations entre professionnels peuvent compenser les différences entre organisations.',
    lean: [7.7, 7.5, 8.1, 7.3],
    spread: 1.0,
  },
  {
    code: 'C5',
    category: 'CULT',
    en: 'Staff turnover repeatedly resets the trust built between partners.',
    fr: 'La rotation du personnel remet sans cesse à zéro la confiance construite entre partenaires.',
    lean: [7.3, 8.2, 7.9, 7.4],
    spread: 0.9,
  },
  {
    code: 'C6',
    category: 'CULT',
    en: 'Working in the same building (co-location) builds trust between partner staff.',
    fr: 'Travailler dans les mêmes locaux renforce la confiance entre les équipes partenaires.',
    lean: [6.8, 7.0, 6.0, 6.7],
    spread: 1.7,
  },
  {
    code: 'C7',
    category: 'CULT',
    en: 'The more similar health and social services are, the easier collaboration becomes.',
    fr: 'Plus les services de santé et sociaux se ressemblent, plus la collaboration est facile.',
    lean: [5.2, 4.8, 5.0, 5.3],
    spread: 1.9,
  },
  {
    code: 'E1',
    category: 'PRIOR',
    en: 'The weaker partner’s knowledge is given little value.',
    fr: 'Les connaissances du partenaire le plus faible sont peu valorisées.',
    lean: [4.8, 7.5, 8.0, 6.6],
    spread: 1.4,
  },
  {
    code: 'E2',
    category: 'PRIOR',
    en: 'Separate funding streams obscure accountability and invite cost-shifting.',
    fr: 'Des financements séparés brouillent les responsabilités et favorisent les transferts de coûts.',
    lean: [7.5, 8.0, 7.4, 7.8],
    spread: 0.9,
  },
  {
    code: 'E3',
    category: 'PRIOR',
    en: 'Restrictive or conflicting laws and regulations hold back joint working.',
    fr: 'Des lois et règlements restrictifs ou contradictoires freinent le travail en commun.',
    lean: [6.9, 7.1, 6.5, 7.6],
    spread: 1.2,
  },
  {
    code: 'E4',
    category: 'PRIOR',
    en: 'Weak staff engagement and leadership undermine trust between organisations.',
    fr: 'Un faible engagement du personnel et un leadership insuffisant minent la confiance entre organisations.',
    lean: [7.2, 7.4, 7.0, 7.3],
    spread: 1.1,
  },
];
