export const commentLimits = { min: 2, max: 2000, name: 60 };
