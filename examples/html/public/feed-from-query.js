const feed = new URLSearchParams(location.search).get('feed');
if (feed) document.querySelector('crypto-data-provider').setAttribute('api-url', feed);
