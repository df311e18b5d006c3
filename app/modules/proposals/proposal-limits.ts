/** Length limits shown in the form hints; the server schema enforces the same numbers. */
export const titleLimits = { min: 5, max: 120 };
export const descriptionLimits = { min: 20, max: 5000 };
