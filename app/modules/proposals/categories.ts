/** Categories of initiatives; labels live in the catalogue under `categories.<code>`. */
export const categories = [
  "community",
  "culture",
  "education",
  "youth",
  "seniors",
  "environment",
  "cleanliness",
  "traffic",
  "sport",
  "other",
] as const;

export type Category = (typeof categories)[number];

/** Pin colour per category, shared by the map legend and the list. */
export const categoryColours: Record<Category, string> = {
  community: "#b5179e",
  culture: "#7209b7",
  education: "#3a0ca3",
  youth: "#f77f00",
  seniors: "#6d597a",
  environment: "#2d6a4f",
  cleanliness: "#4a6fa5",
  traffic: "#6c757d",
  sport: "#d62828",
  other: "#495057",
};
