// One palette for the charts and the CSS legend (dashboard.css uses the same values).
export const COLORS = {
  ink: '#1f2933',
  won: '#9bb3d4',
  keyWon: '#e39b2d',
  share: '#1d3557',
  accounts: '#5b84b1',
  overCapacity: '#d64545',
  keyAccounts: '#e39b2d',
  capacity: '#1d3557',
};
