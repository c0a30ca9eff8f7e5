// Bundles the export modal page with React and @grafana/* (no externals: there is no Grafana around it).
const path = require('path');

module.exports = {
  mode: 'development',
  devtool: false,
  entry: path.join(__dirname, 'index.tsx'),
  output: { path: '/tmp/runlens-export-demo', filename: 'bundle.js' },
  resolve: { extensions: ['.js', '.jsx', '.ts', '.tsx'] },
  module: {
    rules: [
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              parser: { syntax: 'typescript', tsx: true },
              transform: { react: { runtime: 'automatic' } },
              target: 'es2020',
            },
          },
        },
      },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(png|jpe?g|gif|svg|woff2?|eot|ttf|otf)$/, type: 'asset/resource' },
    ],
  },
  performance: { hints: false },
};
